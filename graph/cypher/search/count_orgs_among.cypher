// How many of the organisations $ids match the other search filters (as search_orgs_among).
UNWIND $ids AS key
MATCH (o:Organisation {id: key})
WHERE ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.country = $region OR o.region = $region)
  AND ($offers IS NULL OR EXISTS { MATCH (o)-[:OFFERS]->(:Competence {id: $offers}) })
  AND ($needs IS NULL OR EXISTS { MATCH (o)-[:NEEDS]->(:Competence {id: $needs}) })
  AND ($project IS NULL OR EXISTS { MATCH (o)-[:PARTICIPATED_IN]->(:Project {id: $project}) })
RETURN count(o) AS total
