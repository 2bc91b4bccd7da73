// Country-to-country ties through joint projects (each unordered pair of countries once).
// $countries, when not null, keeps only ties between those countries (the Balkan switch).
MATCH (a:Organisation)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(b:Organisation)
WHERE a.country < b.country
  AND ($countries IS NULL OR (a.country IN $countries AND b.country IN $countries))
WITH a.country AS a, b.country AS b, p, count(*) AS ties
RETURN a, b, count(p) AS projects, sum(ties) AS ties
ORDER BY a, b
