// An admin confirms an institutional member: the account now represents the organisation
// it asked for, and its person works there.
MATCH (a:Account {id: $username})-[:FOR]->(p:Person)
MATCH (a)-[q:REQUESTS]->(o:Organisation)
DELETE q
MERGE (a)-[:REPRESENTS]->(o)
MERGE (p)-[:WORKS_AT]->(o)
SET a.status = 'active'
RETURN o.id AS org
