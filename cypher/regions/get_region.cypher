// One region with its country (for a subdivision) and its subdivisions that have organisations.
MATCH (r:Region {id: $code})
OPTIONAL MATCH (r)-[:PART_OF]->(c:Region)
RETURN r.id AS id, r.name AS name, r.level AS level, r.country AS country, r.tags AS tags,
  c {.id, .name} AS parent,
  COUNT { MATCH (o:Organisation) WHERE o.country = $code OR o.region = $code } AS organisations,
  COLLECT { MATCH (s:Region)-[:PART_OF]->(r)
            WHERE EXISTS { MATCH (:Organisation {region: s.id}) }
            RETURN {id: s.id, name: s.name} AS v ORDER BY s.name } AS subdivisions
