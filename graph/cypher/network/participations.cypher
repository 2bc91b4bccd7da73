// The projects of the organisations in $ids (partner ties among them are paired in Python).
MATCH (a:Organisation)-[:PARTICIPATED_IN]->(p:Project)
WHERE a.id IN $ids
RETURN a.id AS org, p.id AS project
