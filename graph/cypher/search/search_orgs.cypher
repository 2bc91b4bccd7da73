// One page of organisations matching the search filters (each filter may be null).
// $text is the normalised query, matched in the normalised name and city, the description
// (lower-cased), and the names of the competences it offers or needs.
MATCH (o:Organisation)
WHERE ($text IS NULL OR o.name_norm CONTAINS $text OR o.city_norm CONTAINS $text
       OR toLower(o.description) CONTAINS $text
       OR EXISTS { MATCH (o)-[:OFFERS|NEEDS]->(t:Competence) WHERE t.name_norm CONTAINS $text })
  AND ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.country = $region OR o.region = $region)
  AND ($offers IS NULL OR EXISTS { MATCH (o)-[:OFFERS]->(:Competence {id: $offers}) })
  AND ($needs IS NULL OR EXISTS { MATCH (o)-[:NEEDS]->(:Competence {id: $needs}) })
  AND ($project IS NULL OR EXISTS { MATCH (o)-[:PARTICIPATED_IN]->(:Project {id: $project}) })
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country,
       o.region AS region, o.city AS city
ORDER BY o.name_norm, o.id
SKIP $skip LIMIT $limit
