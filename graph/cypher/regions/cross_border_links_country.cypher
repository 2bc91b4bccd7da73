// Ties from organisations of a country to organisations in other countries, by joint
// projects (strongest first). $countries, when not null, keeps only partners in those
// countries (the Balkan switch). Starts from the indexed country property.
MATCH (a:Organisation {country: $code})
MATCH (a)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(b:Organisation)
WHERE b.country <> $code AND ($countries IS NULL OR b.country IN $countries)
WITH a, b, count(p) AS weight
RETURN a.id AS source, a.name AS source_name, a.kind AS source_kind,
       a.country AS source_country, a.region AS source_region,
       b.id AS target, b.name AS target_name, b.kind AS target_kind,
       b.country AS target_country, b.region AS target_region, weight
ORDER BY weight DESC, source, target
LIMIT $limit
