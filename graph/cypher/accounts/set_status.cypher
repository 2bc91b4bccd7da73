// Activate or disable an account; a new nonce ends its open sessions.
MATCH (a:Account {id: $username})
SET a.status = $status, a.nonce = $nonce
RETURN a.id AS username
