// The funders named by projects, for the project index's filter.
MATCH (p:Project)
WHERE p.funder IS NOT NULL
RETURN DISTINCT p.funder AS funder
ORDER BY funder
