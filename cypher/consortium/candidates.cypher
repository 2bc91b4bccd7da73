// Organisations that can cover each required competence of a call at its minimum level
// (directly, or only through a narrower competence at level x $discount), the best
// $per_country of them per country (only from $countries unless null), with kind, country and coordinator experience.
UNWIND $competences AS req
MATCH (c:Competence {id: req.id})
CALL {
  WITH c
  MATCH (b:Organisation)-[o:OFFERS]->(c)
  RETURN b, o.level AS level, true AS direct
  UNION ALL
  WITH c
  MATCH (b:Organisation)-[o:OFFERS]->(:Competence)-[:BROADER]->(c)
  RETURN b, o.level AS level, false AS direct
}
WITH req, b, max(CASE WHEN direct THEN level END) AS d, max(CASE WHEN NOT direct THEN level END) AS n
WITH req, b, CASE WHEN d IS NULL THEN n * $discount ELSE toFloat(d) END AS level
WHERE level >= req.min_level AND ($countries IS NULL OR b.country IN $countries)
WITH req, b, level ORDER BY level DESC, b.id
WITH req, b.country AS country, collect({b: b, level: level})[0..$per_country] AS best
UNWIND best AS x
WITH req, x.b AS b, x.level AS level
RETURN req.id AS competence, b.id AS id, b.name AS name, b.kind AS kind, b.country AS country,
       level,
       EXISTS { MATCH (b)-[:PARTICIPATED_IN {role: 'coordinator'}]->(:Project) } AS coordinated
