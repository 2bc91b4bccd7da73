// Organisations filtered by kind and country (either may be null), in name order.
MATCH (o:Organisation)
WHERE ($kind IS NULL OR o.kind = $kind) AND ($country IS NULL OR o.country = $country)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country,
       o.region AS region, o.city AS city
ORDER BY o.name_norm, o.id
SKIP $skip LIMIT $limit
