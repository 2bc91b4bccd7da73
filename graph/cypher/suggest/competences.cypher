// Competences whose id is $id or whose normalised name contains $text, best first.
MATCH (c:Competence)
WHERE c.id = $id OR c.name_norm CONTAINS $text
OPTIONAL MATCH (c)-[:BROADER]->(b:Competence)
RETURN c.id AS id, c.name AS name, b.name AS broader
ORDER BY CASE WHEN c.id = $id THEN 0 WHEN c.name_norm STARTS WITH $text THEN 1 ELSE 2 END, c.name_norm, c.id
LIMIT $limit
