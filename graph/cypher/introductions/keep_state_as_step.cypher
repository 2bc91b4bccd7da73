// An introduction recorded before histories were kept (imported, or older data) gets its
// current state as the first entry of its history, so the next stage does not hide it.
MATCH (i:Introduction {id: $id})
WHERE NOT EXISTS { (i)-[:HAS_STEP]->(:IntroductionStep) }
CREATE (i)-[:HAS_STEP]->(s:IntroductionStep {seq: 0, at: i.at, status: i.status, note: i.note})
WITH i, s
OPTIONAL MATCH (p:Person)-[:PROPOSED]->(i)
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (s)-[:BY]->(p))
RETURN s.seq AS seq
