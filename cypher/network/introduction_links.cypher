// Ties made by recorded introductions (weight = introductions) of the organisations in $ids;
// with $within (not null) only ties to organisations in that list.
MATCH (a:Organisation) WHERE a.id IN $ids
MATCH (a)<-[:SOURCE|TARGET]-(i:Introduction)-[:SOURCE|TARGET]->(b:Organisation)
WHERE a <> b AND ($within IS NULL OR b.id IN $within)
RETURN a.id AS source, b.id AS target, count(DISTINCT i) AS weight,
       b.name AS name, b.kind AS kind, b.country AS country, b.region AS region
