// Upsert people and the organisation they work at.
UNWIND $rows AS r
MERGE (p:Person {id: r.id})
ON CREATE SET p.created_at = datetime()
SET p.name = r.name, p.email = r.email, p.phone = r.phone, p.updated_at = datetime()
WITH p, r
OPTIONAL MATCH (p)-[old:WORKS_AT]->(:Organisation)
DELETE old
WITH DISTINCT p, r
MATCH (o:Organisation {id: coalesce(r.org, '')})
MERGE (p)-[w:WORKS_AT]->(o)
SET w.role = r.role
