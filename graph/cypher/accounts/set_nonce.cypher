// A new session nonce (sign-out): every session opened with the old one is over.
MATCH (a:Account {id: $username})
SET a.nonce = $nonce
RETURN a.id AS username
