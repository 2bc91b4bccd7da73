// Every organisation's name, kind, region, city and country search keys: for resolving names,
// keeping a finer region or the kind an import does not know, and finding duplicates.
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.name_norm AS name_norm, o.kind AS kind, o.region AS region,
       o.city_norm AS city_norm, o.country AS country
