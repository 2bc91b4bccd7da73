// One page of projects, newest first, with their partner counts and countries.
// Filters may be null: funder (exact), a year the project ran in ($since..$until), a country of a partner.
MATCH (p:Project)
WHERE ($funder IS NULL OR p.funder = $funder)
  AND ($since IS NULL OR (p.start <= $until AND coalesce(p.end, p.start) >= $since))
  AND ($country IS NULL OR EXISTS { MATCH (o:Organisation {country: $country})-[:PARTICIPATED_IN]->(p) })
RETURN p.id AS id, p.title AS title, p.funder AS funder, p.programme AS programme, p.start AS start, p.end AS end,
  COUNT { MATCH (:Organisation)-[:PARTICIPATED_IN]->(p) } AS partners,
  COLLECT { MATCH (o:Organisation)-[:PARTICIPATED_IN]->(p) RETURN DISTINCT o.country AS c ORDER BY c } AS countries
ORDER BY p.start DESC, p.title_norm, p.id
SKIP $skip LIMIT $limit
