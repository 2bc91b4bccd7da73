// Documented best practices: (Organisation)-[:DOCUMENTED]->(Practice)-[:ABOUT]->(Competence).
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MERGE (p:Practice {id: r.id})
SET p.title = r.title, p.summary = r.summary, p.year = r.year, p.links = r.links
WITH p, o, r
OPTIONAL MATCH (p)-[old]-()
DELETE old
WITH DISTINCT p, o, r
MERGE (o)-[:DOCUMENTED]->(p)
WITH p, r
UNWIND r.competences AS cid
MATCH (c:Competence {id: cid})
MERGE (p)-[:ABOUT]->(c)
