// Organisations located in a region or in its subdivisions, in name order (first $limit).
MATCH (:Region {id: $code})<-[:PART_OF*0..1]-(:Region)<-[:LOCATED_IN]-(o:Organisation)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country,
       o.region AS region, o.city AS city
ORDER BY o.name_norm, o.id
LIMIT $limit
