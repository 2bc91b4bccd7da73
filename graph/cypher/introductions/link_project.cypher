// A formed partnership led to a project.
MATCH (i:Introduction {id: $id})
MATCH (j:Project {id: $project})
OPTIONAL MATCH (i)-[old:LED_TO]->(:Project)
DELETE old
WITH DISTINCT i, j
MERGE (i)-[:LED_TO]->(j)
SET i.updated_at = datetime()
RETURN j.id AS project
