MATCH (c:Competence {id: $id}) RETURN c.id AS id, c.name AS name
