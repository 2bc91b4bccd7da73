// Projects whose id is $id or whose normalised title contains $text, best first.
MATCH (p:Project)
WHERE p.id = $id OR p.title_norm CONTAINS $text
RETURN p.id AS id, p.title AS name, p.funder AS funder, p.start AS start
ORDER BY CASE WHEN p.id = $id THEN 0 WHEN p.title_norm STARTS WITH $text THEN 1 ELSE 2 END, p.title_norm, p.id
LIMIT $limit
