// Login only: the password hash, status and session nonce of one account. Never displayed.
MATCH (a:Account {id: $username})
RETURN a.password_hash AS hash, a.status AS status, a.nonce AS nonce
