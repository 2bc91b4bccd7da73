// Introductions a broker records: (Person)-[:PROPOSED]->(Introduction)-[:SOURCE|TARGET]->(Organisation).
// Their history (-[:HAS_STEP]->) is kept: a re-import replaces the links, never the history.
UNWIND $rows AS r
MATCH (a:Organisation {id: r.source})
MATCH (b:Organisation {id: r.target})
MERGE (i:Introduction {id: r.id})
ON CREATE SET i.created_at = datetime()
SET i.status = r.status, i.at = r.at, i.note = r.note, i.updated_at = datetime()
WITH i, a, b, r
OPTIONAL MATCH (i)-[old:SOURCE|TARGET|PROPOSED|LED_TO]-()
DELETE old
WITH DISTINCT i, a, b, r
MERGE (i)-[:SOURCE]->(a)
MERGE (i)-[:TARGET]->(b)
WITH i, r
OPTIONAL MATCH (p:Person {id: coalesce(r.broker, '')})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (p)-[:PROPOSED]->(i))
WITH i, r
OPTIONAL MATCH (j:Project {id: coalesce(r.project, '')})
FOREACH (_ IN CASE WHEN j IS NULL THEN [] ELSE [1] END | MERGE (i)-[:LED_TO]->(j))
