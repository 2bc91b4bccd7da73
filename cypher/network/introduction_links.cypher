// Ties made by recorded introductions (weight = introductions); $within as in partner_links.
UNWIND $ids AS aid
MATCH (a:Organisation {id: aid})<-[:SOURCE|TARGET]-(i:Introduction)-[:SOURCE|TARGET]->(b:Organisation)
WHERE a <> b AND ($within IS NULL OR b.id IN $within)
WITH a, b, count(DISTINCT i) AS weight
RETURN a.id AS source, b.id AS target, weight,
       b.name AS name, b.kind AS kind, b.country AS country, b.region AS region
