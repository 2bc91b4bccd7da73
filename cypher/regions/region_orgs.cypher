// Organisations in a country or subdivision, in name order (first $limit).
MATCH (o:Organisation)
WHERE o.country = $code OR o.region = $code
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country,
       o.region AS region, o.city AS city
ORDER BY o.name_norm, o.id
LIMIT $limit
