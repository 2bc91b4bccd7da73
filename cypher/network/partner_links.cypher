// Partner ties: organisations sharing projects with those in $ids (weight = joint projects).
MATCH (a:Organisation) WHERE a.id IN $ids
MATCH (a)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(b:Organisation)
WHERE a <> b
RETURN a.id AS source, b.id AS target, count(p) AS weight,
       b.name AS name, b.kind AS kind, b.country AS country, b.region AS region
