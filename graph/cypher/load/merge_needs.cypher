// What organisations need, with a priority 1..5 and a note.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (c:Competence {id: r.competence})
MERGE (o)-[x:NEEDS]->(c)
SET x.priority = r.priority, x.note = r.note
