// What organisations offer, with a level 1..5 and evidence.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (c:Competence {id: r.competence})
MERGE (o)-[x:OFFERS]->(c)
SET x.level = r.level, x.evidence = r.evidence
