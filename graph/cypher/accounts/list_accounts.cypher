// Every account for the admin's user list (no password hash, no nonce).
MATCH (a:Account)-[:FOR]->(p:Person)
OPTIONAL MATCH (a)-[:REPRESENTS]->(o:Organisation)
OPTIONAL MATCH (a)-[:REQUESTS]->(r:Organisation)
RETURN a.id AS username, a.role AS role, a.status AS status, a.kind AS kind,
       a.created_at AS created_at, p.id AS person, p.name AS name,
       o.id AS org, o.name AS org_name, r.id AS requested_org, r.name AS requested_org_name
ORDER BY a.status = 'pending' DESC, a.id
