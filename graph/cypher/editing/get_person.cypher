MATCH (p:Person {id: $id})
RETURN p.id AS id, p.name AS name, p.email AS email, p.phone AS phone
