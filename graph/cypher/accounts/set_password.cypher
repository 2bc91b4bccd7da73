// A new password hash and a new nonce, which ends every other session of the account.
MATCH (a:Account {id: $username})
SET a.password_hash = $hash, a.nonce = $nonce
RETURN a.id AS username
