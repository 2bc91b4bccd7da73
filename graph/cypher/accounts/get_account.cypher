// One account for display and access checks (no password hash, no nonce);
// with $nonce set, only if the session's nonce still matches an active account.
MATCH (a:Account {id: $username})-[:FOR]->(p:Person)
WHERE $nonce IS NULL OR (a.nonce = $nonce AND a.status = 'active')
OPTIONAL MATCH (a)-[:REPRESENTS]->(o:Organisation)
OPTIONAL MATCH (a)-[:REQUESTS]->(r:Organisation)
RETURN a.id AS username, a.role AS role, a.status AS status, a.kind AS kind,
       a.created_at AS created_at, p.id AS person, p.name AS name,
       o.id AS org, o.name AS org_name, r.id AS requested_org, r.name AS requested_org_name
