// One page of the organisations $ids (those whose name or city holds the search text,
// from graph.explore.names) that match the other filters: search_orgs without a scan.
UNWIND $ids AS key
MATCH (o:Organisation {id: key})
WHERE ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.country = $region OR o.region = $region)
  AND ($offers IS NULL OR EXISTS { MATCH (o)-[:OFFERS]->(:Competence {id: $offers}) })
  AND ($needs IS NULL OR EXISTS { MATCH (o)-[:NEEDS]->(:Competence {id: $needs}) })
  AND ($project IS NULL OR EXISTS { MATCH (o)-[:PARTICIPATED_IN]->(:Project {id: $project}) })
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country,
       o.region AS region, o.city AS city
ORDER BY o.name_norm, o.id
SKIP $skip LIMIT $limit
