// Project participations of organisations this load created, written with their role
// at once (cheaper than merge_participations). One an editor added meanwhile is skipped
// here, and the count tells the loader to write the batch with merge_participations.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (p:Project {id: r.project})
WHERE NOT EXISTS { (o)-[:PARTICIPATED_IN]->(p) }
CREATE (o)-[:PARTICIPATED_IN {role: r.role}]->(p)
RETURN count(*) AS written
