// Organisations whose id is $id or whose normalised name contains $text, best first:
// the exact id, then names starting with the text, then by name.
MATCH (o:Organisation)
WHERE o.id = $id OR o.name_norm CONTAINS $text
RETURN o.id AS id, o.name AS name, o.city AS city, o.country AS country
ORDER BY CASE WHEN o.id = $id THEN 0 WHEN o.name_norm STARTS WITH $text THEN 1 ELSE 2 END, o.name_norm, o.id
LIMIT $limit
