// How many organisations match the search filters (same filters as search_orgs).
MATCH (o:Organisation)
WHERE ($text IS NULL OR o.name_norm CONTAINS $text OR o.city_norm CONTAINS $text
       OR toLower(o.description) CONTAINS $text
       OR EXISTS { MATCH (o)-[:OFFERS|NEEDS]->(t:Competence) WHERE t.name_norm CONTAINS $text })
  AND ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.country = $region OR o.region = $region)
  AND ($offers IS NULL OR EXISTS { MATCH (o)-[:OFFERS]->(:Competence {id: $offers}) })
  AND ($needs IS NULL OR EXISTS { MATCH (o)-[:NEEDS]->(:Competence {id: $needs}) })
  AND ($project IS NULL OR EXISTS { MATCH (o)-[:PARTICIPATED_IN]->(:Project {id: $project}) })
RETURN count(o) AS total
