// Ties from organisations of a subdivision (county) to organisations in other countries,
// by joint projects (strongest first); $countries as in cross_border_links_country.
MATCH (:Region {id: $code})<-[:LOCATED_IN]-(a:Organisation)
MATCH (a)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(b:Organisation)
WHERE b.country <> a.country AND ($countries IS NULL OR b.country IN $countries)
WITH a, b, count(p) AS weight
RETURN a.id AS source, a.name AS source_name, a.kind AS source_kind,
       a.country AS source_country, a.region AS source_region,
       b.id AS target, b.name AS target_name, b.kind AS target_kind,
       b.country AS target_country, b.region AS target_region, weight
ORDER BY weight DESC, source, target
LIMIT $limit
