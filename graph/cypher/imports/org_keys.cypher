// Every organisation's name, region, city and country search keys: for resolving names,
// keeping a finer region than an import knows, and finding duplicates.
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.name_norm AS name_norm, o.region AS region, o.city_norm AS city_norm,
       o.country AS country
