// The organisations with these ids, as network nodes.
UNWIND $ids AS oid
MATCH (o:Organisation {id: oid})
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country, o.region AS region
