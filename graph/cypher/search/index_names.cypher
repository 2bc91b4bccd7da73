// Every organisation's normalised name and city, as parallel lists (graph.explore.names).
MATCH (o:Organisation)
RETURN collect(o.id) AS id, collect(coalesce(o.name_norm, '')) AS name, collect(coalesce(o.city_norm, '')) AS city
