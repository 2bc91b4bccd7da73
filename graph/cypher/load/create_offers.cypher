// Offers of organisations this load created, written with their properties at once
// (a third cheaper than merge_offers). One an editor added meanwhile is skipped here,
// and the count tells the loader to write the batch with merge_offers.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (c:Competence {id: r.competence})
WHERE NOT EXISTS { (o)-[:OFFERS]->(c) }
CREATE (o)-[:OFFERS {level: r.level, evidence: r.evidence}]->(c)
RETURN count(*) AS written
