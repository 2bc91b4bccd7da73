// The matching organisations' kinds, countries and competences (offered or needed),
// for the search page's facets (same filters as search_orgs); one row per organisation.
MATCH (o:Organisation)
WHERE ($text IS NULL OR o.name_norm CONTAINS $text OR o.city_norm CONTAINS $text
       OR toLower(o.description) CONTAINS $text
       OR EXISTS { MATCH (o)-[:OFFERS|NEEDS]->(t:Competence) WHERE t.name_norm CONTAINS $text })
  AND ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.country = $region OR o.region = $region)
  AND ($offers IS NULL OR EXISTS { MATCH (o)-[:OFFERS]->(:Competence {id: $offers}) })
  AND ($needs IS NULL OR EXISTS { MATCH (o)-[:NEEDS]->(:Competence {id: $needs}) })
  AND ($project IS NULL OR EXISTS { MATCH (o)-[:PARTICIPATED_IN]->(:Project {id: $project}) })
OPTIONAL MATCH (o)-[:OFFERS|NEEDS]->(c:Competence)
RETURN o.id AS id, o.kind AS kind, o.country AS country, collect(DISTINCT c.id) AS competences
