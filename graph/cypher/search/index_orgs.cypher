// Every organisation with what the search index holds, as one row of parallel lists
// (graph.explore.finder; one record instead of 50,000 is several times faster over Bolt).
// collect() drops nulls, so every value is coalesced to keep the lists parallel.
MATCH (o:Organisation)
RETURN collect(o.id) AS id, collect(coalesce(o.name, o.id)) AS name,
       collect(coalesce(o.name_norm, '')) AS name_norm, collect(coalesce(o.city, '')) AS city,
       collect(coalesce(o.city_norm, '')) AS city_norm, collect(coalesce(o.description, '')) AS description,
       collect(coalesce(o.kind, '')) AS kind, collect(coalesce(o.country, '')) AS country,
       collect(coalesce(o.region, '')) AS region
