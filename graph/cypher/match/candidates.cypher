// Ids of every organisation complementary to seeker $id: it offers (directly or through a
// narrower competence) something $id needs, or needs something $id offers (same rule).
MATCH (a:Organisation {id: $id})
CALL (a) {
  MATCH (a)-[:NEEDS]->(:Competence)<-[:OFFERS]-(b:Organisation)
  RETURN b
  UNION
  MATCH (a)-[:NEEDS]->(:Competence)<-[:BROADER]-(:Competence)<-[:OFFERS]-(b:Organisation)
  RETURN b
  UNION
  MATCH (a)-[:OFFERS]->(:Competence)<-[:NEEDS]-(b:Organisation)
  RETURN b
  UNION
  MATCH (a)-[:OFFERS]->(:Competence)-[:BROADER]->(:Competence)<-[:NEEDS]-(b:Organisation)
  RETURN b
}
WITH DISTINCT a, b
WHERE b <> a
RETURN b.id AS id
ORDER BY id
