// Thematic service hubs: (Organisation)-[:HOSTS]->(Hub)-[:ON]->(Competence).
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (c:Competence {id: r.competence})
MERGE (h:Hub {id: r.id})
SET h.description = r.description, h.since = r.since
WITH h, o, c
OPTIONAL MATCH (h)-[old]-()
DELETE old
WITH DISTINCT h, o, c
MERGE (o)-[:HOSTS]->(h)
MERGE (h)-[:ON]->(c)
