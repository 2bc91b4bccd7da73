// The introductions with ids $ids, with both organisations, the broker and any
// project, newest first. The lists come from introduction_ids / org_introduction_ids:
// choosing first and describing after lets a profile's list start from its
// organisation's index entry instead of scanning every introduction.
UNWIND $ids AS id
MATCH (i:Introduction {id: id})
MATCH (i)-[:SOURCE]->(a:Organisation)
MATCH (i)-[:TARGET]->(b:Organisation)
OPTIONAL MATCH (p:Person)-[:PROPOSED]->(i)
OPTIONAL MATCH (i)-[:LED_TO]->(j:Project)
RETURN i.id AS id, i.status AS status, i.at AS at, i.note AS note,
       i.updated_at AS updated_at,
       {id: a.id, name: a.name} AS source, {id: b.id, name: b.name} AS target,
       CASE WHEN p IS NULL THEN null ELSE {id: p.id, name: p.name} END AS broker,
       CASE WHEN j IS NULL THEN null ELSE {id: j.id, name: j.title} END AS project
ORDER BY i.at DESC, i.id
