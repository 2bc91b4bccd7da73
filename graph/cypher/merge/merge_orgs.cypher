// Merge organisation $drop into $keep: every tie of $drop moves to $keep (a tie both
// have keeps the stronger level, priority or role), empty fields of $keep take $drop's
// values, and $drop's location goes with it. Deleting $drop is a separate statement
// that refuses while any relationship is left, so a tie kind added later is never lost.
MATCH (keep:Organisation {id: $keep})
MATCH (drop:Organisation {id: $drop})
CALL (keep, drop) {
  MATCH (drop)-[r:OFFERS]->(c:Competence)
  MERGE (keep)-[n:OFFERS]->(c)
  ON CREATE SET n.level = r.level, n.evidence = r.evidence
  ON MATCH SET n.level = CASE WHEN r.level > n.level THEN r.level ELSE n.level END,
               n.evidence = coalesce(n.evidence, r.evidence)
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:NEEDS]->(c:Competence)
  MERGE (keep)-[n:NEEDS]->(c)
  ON CREATE SET n.priority = r.priority, n.note = r.note
  ON MATCH SET n.priority = CASE WHEN r.priority > n.priority THEN r.priority ELSE n.priority END,
               n.note = coalesce(n.note, r.note)
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:PARTICIPATED_IN]->(p:Project)
  MERGE (keep)-[n:PARTICIPATED_IN]->(p)
  ON CREATE SET n.role = r.role
  ON MATCH SET n.role = CASE WHEN r.role = 'coordinator' THEN r.role ELSE n.role END
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:MEMBER_OF]->(net:Organisation)
  WHERE net <> keep
  MERGE (keep)-[:MEMBER_OF]->(net)
  DELETE r
}
CALL (keep, drop) {
  MATCH (member:Organisation)-[r:MEMBER_OF]->(drop)
  WHERE member <> keep
  MERGE (member)-[:MEMBER_OF]->(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:MEMBER_OF]-(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:HOSTS]->(h:Hub)
  MERGE (keep)-[:HOSTS]->(h)
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:DOCUMENTED]->(x:Practice)
  MERGE (keep)-[:DOCUMENTED]->(x)
  DELETE r
}
CALL (keep, drop) {
  MATCH (person:Person)-[r:WORKS_AT]->(drop)
  MERGE (person)-[n:WORKS_AT]->(keep)
  ON CREATE SET n.role = r.role
  DELETE r
}
CALL (keep, drop) {
  MATCH (a:Account)-[r:REPRESENTS]->(drop)
  MERGE (a)-[:REPRESENTS]->(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (a:Account)-[r:REQUESTS]->(drop)
  MERGE (a)-[:REQUESTS]->(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (i:Introduction)-[r:SOURCE]->(drop)
  MERGE (i)-[:SOURCE]->(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (i:Introduction)-[r:TARGET]->(drop)
  MERGE (i)-[:TARGET]->(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (c:Consortium)-[r:INCLUDES]->(drop)
  MERGE (c)-[n:INCLUDES]->(keep)
  ON CREATE SET n.role = r.role
  DELETE r
}
CALL (keep, drop) {
  MATCH (q:PartnerRequest)-[r:BY]->(drop)
  MERGE (q)-[:BY]->(keep)
  DELETE r
}
CALL (keep, drop) {
  MATCH (drop)-[r:LOCATED_IN]->(:Region)
  DELETE r
}
SET keep.description = coalesce(keep.description, drop.description),
    keep.website = coalesce(keep.website, drop.website),
    keep.email = coalesce(keep.email, drop.email),
    keep.phone = coalesce(keep.phone, drop.phone),
    keep.contact_name = coalesce(keep.contact_name, drop.contact_name),
    keep.city = coalesce(keep.city, drop.city),
    keep.city_norm = coalesce(keep.city_norm, drop.city_norm),
    keep.size = coalesce(keep.size, drop.size),
    keep.updated_at = datetime()
RETURN keep.name AS keep_name, drop.name AS drop_name, drop.city AS drop_city, drop.country AS drop_country
