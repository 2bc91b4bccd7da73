MATCH (p:Person {id: $id})
SET p.name = $name, p.email = $email, p.phone = $phone, p.updated_at = datetime()
RETURN p.id AS id
