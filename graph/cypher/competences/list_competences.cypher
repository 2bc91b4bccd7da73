// The whole vocabulary with its BROADER links and how many organisations offer and need
// each term, and how many hubs serve it.
MATCH (c:Competence)
OPTIONAL MATCH (c)-[:BROADER]->(b:Competence)
RETURN c.id AS id, c.name AS name, b.id AS broader,
  COUNT { MATCH (:Organisation)-[:OFFERS]->(c) } AS offers,
  COUNT { MATCH (:Organisation)-[:NEEDS]->(c) } AS needs,
  COUNT { MATCH (:Hub)-[:ON]->(c) } AS hubs
ORDER BY c.name_norm, c.id
