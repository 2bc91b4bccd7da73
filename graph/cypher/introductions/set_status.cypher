// Move an introduction to its next stage, only from the stage the caller read, and append
// a dated entry (who, when, stage, note) to its history. The introduction's own note (why
// it was proposed) is never replaced.
MATCH (i:Introduction {id: $id})
WHERE i.status = $current
WITH i, COUNT { (i)-[:HAS_STEP]->(:IntroductionStep) } AS seq
SET i.status = $status, i.at = date(), i.updated_at = datetime()
CREATE (i)-[:HAS_STEP]->(s:IntroductionStep {seq: seq, at: datetime(), status: $status, note: $note})
WITH i, s
OPTIONAL MATCH (p:Person {id: $person})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (s)-[:BY]->(p))
RETURN i.id AS id
