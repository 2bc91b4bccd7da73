MATCH (r:Region {id: $id}) RETURN r.id AS id
