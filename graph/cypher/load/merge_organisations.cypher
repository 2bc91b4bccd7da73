// Upsert organisations and move each to its region (LOCATED_IN exactly one region).
UNWIND $rows AS r
MERGE (o:Organisation {id: r.id})
ON CREATE SET o.created_at = datetime()
SET o += r.props, o.updated_at = datetime()
WITH o, r
OPTIONAL MATCH (o)-[old:LOCATED_IN]->(:Region)
DELETE old
WITH DISTINCT o, r
MATCH (g:Region {id: r.props.region})
MERGE (o)-[:LOCATED_IN]->(g)
