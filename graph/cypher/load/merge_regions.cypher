// Upsert regions; a subdivision is PART_OF its country (rows come countries first).
UNWIND $rows AS r
MERGE (g:Region {id: r.id})
SET g.name = r.name, g.tags = r.tags, g.country = r.country,
    g.level = CASE WHEN r.parent IS NULL THEN 'country' ELSE 'subdivision' END
WITH g, r
OPTIONAL MATCH (g)-[old:PART_OF]->(:Region)
DELETE old
WITH DISTINCT g, r
MATCH (p:Region {id: coalesce(r.parent, '')})
MERGE (g)-[:PART_OF]->(p)
