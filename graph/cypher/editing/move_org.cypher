// Move an organisation to another region (LOCATED_IN exactly one region).
MATCH (o:Organisation {id: $id})
MATCH (g:Region {id: $region})
OPTIONAL MATCH (o)-[old:LOCATED_IN]->(:Region)
DELETE old
WITH DISTINCT o, g
MERGE (o)-[:LOCATED_IN]->(g)
RETURN g.id AS region
