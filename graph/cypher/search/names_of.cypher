// The normalised name and city of the organisations $ids that exist (graph.explore.names).
UNWIND $ids AS key
MATCH (o:Organisation {id: key})
RETURN o.id AS id, coalesce(o.name_norm, '') AS name, coalesce(o.city_norm, '') AS city
