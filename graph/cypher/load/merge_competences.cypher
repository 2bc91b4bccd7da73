// Upsert competences of the vocabulary, with their BROADER link (at most one).
UNWIND $rows AS r
MERGE (c:Competence {id: r.id})
SET c.name = r.name, c.description = r.description, c.name_norm = r.name_norm
WITH c, r
OPTIONAL MATCH (c)-[old:BROADER]->(:Competence)
DELETE old
WITH DISTINCT c, r
MATCH (b:Competence {id: coalesce(r.broader, '')})
MERGE (c)-[:BROADER]->(b)
