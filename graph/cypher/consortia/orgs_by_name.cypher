// Organisations whose normalised name is $name (to pick one by name, not by id).
MATCH (o:Organisation)
WHERE o.name_norm = $name
RETURN o.id AS id, o.name AS name, o.city AS city, o.country AS country
ORDER BY o.id
LIMIT 10
