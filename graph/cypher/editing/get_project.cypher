MATCH (j:Project {id: $id}) RETURN j.id AS id, j.title AS title
