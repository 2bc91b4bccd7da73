// One region with its country (for a subdivision), how many organisations it holds, and
// its subdivisions that have organisations (found through LOCATED_IN, not a property scan).
MATCH (r:Region {id: $code})
OPTIONAL MATCH (r)-[:PART_OF]->(c:Region)
RETURN r.id AS id, r.name AS name, r.level AS level, r.country AS country, r.tags AS tags,
  c {.id, .name} AS parent,
  COUNT { MATCH (r)<-[:PART_OF*0..1]-(:Region)<-[:LOCATED_IN]-(o:Organisation) } AS organisations,
  COLLECT { MATCH (s:Region)-[:PART_OF]->(r)
            WHERE EXISTS { MATCH (s)<-[:LOCATED_IN]-(:Organisation) }
            RETURN {id: s.id, name: s.name} AS v ORDER BY s.name } AS subdivisions
