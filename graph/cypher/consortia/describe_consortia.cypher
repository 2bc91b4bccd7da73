// The saved consortia with ids $ids: call, broker and members with roles, newest first.
UNWIND $ids AS id
MATCH (c:Consortium {id: id})-[:ANSWERS]->(call:Call)
OPTIONAL MATCH (p:Person)-[:SAVED]->(c)
CALL (c) {
  OPTIONAL MATCH (c)-[r:INCLUDES]->(o:Organisation)
  WITH o, r ORDER BY o.name
  RETURN collect(CASE WHEN o IS NULL THEN null
                 ELSE {id: o.id, name: o.name, kind: o.kind, country: o.country, role: r.role} END) AS members
}
RETURN c.id AS id, c.title AS title, c.status AS status, c.created_at AS created_at,
       c.updated_at AS updated_at, {id: call.id, title: call.title, rules: call.rules} AS call,
       CASE WHEN p IS NULL THEN null ELSE {id: p.id, name: p.name} END AS broker, members
ORDER BY updated_at DESC, id
