// How many projects match the filters of list_projects.
MATCH (p:Project)
WHERE ($funder IS NULL OR p.funder = $funder)
  AND ($since IS NULL OR (p.start <= $until AND coalesce(p.end, p.start) >= $since))
  AND ($country IS NULL OR EXISTS { MATCH (o:Organisation {country: $country})-[:PARTICIPATED_IN]->(p) })
RETURN count(p) AS total
