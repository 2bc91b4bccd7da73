// Upsert competences of the vocabulary (names in each language), with their BROADER link (at most one).
UNWIND $rows AS r
MERGE (c:Competence {id: r.id})
SET c.name = r.name, c.description = r.description, c.name_norm = r.name_norm,
    c.name_ro = r.name_ro, c.name_bg = r.name_bg, c.name_el = r.name_el, c.name_it = r.name_it
WITH c, r
OPTIONAL MATCH (c)-[old:BROADER]->(:Competence)
DELETE old
WITH DISTINCT c, r
MATCH (b:Competence {id: coalesce(r.broader, '')})
MERGE (c)-[:BROADER]->(b)
