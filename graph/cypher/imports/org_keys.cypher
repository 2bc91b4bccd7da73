// Every organisation's name, city and country search keys: for resolving names and finding duplicates.
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.name_norm AS name_norm, o.city_norm AS city_norm, o.country AS country
