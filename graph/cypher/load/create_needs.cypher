// Needs of organisations this load created, written with their properties at once
// (a third cheaper than merge_needs). One an editor added meanwhile is skipped here,
// and the count tells the loader to write the batch with merge_needs.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (c:Competence {id: r.competence})
WHERE NOT EXISTS { (o)-[:NEEDS]->(c) }
CREATE (o)-[:NEEDS {priority: r.priority, note: r.note}]->(c)
RETURN count(*) AS written
