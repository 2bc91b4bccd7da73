MATCH (a:Account {id: $username})
SET a.role = $role
RETURN a.id AS username
