// Introductions with both organisations, the broker and any project, newest first;
// $statuses null = every stage; $org null = any organisation, else those involving it.
MATCH (i:Introduction)-[:SOURCE]->(a:Organisation)
MATCH (i)-[:TARGET]->(b:Organisation)
WHERE ($statuses IS NULL OR i.status IN $statuses) AND ($id IS NULL OR i.id = $id)
  AND ($org IS NULL OR a.id = $org OR b.id = $org)
OPTIONAL MATCH (p:Person)-[:PROPOSED]->(i)
OPTIONAL MATCH (i)-[:LED_TO]->(j:Project)
RETURN i.id AS id, i.status AS status, i.at AS at, i.note AS note,
       i.updated_at AS updated_at,
       {id: a.id, name: a.name} AS source, {id: b.id, name: b.name} AS target,
       CASE WHEN p IS NULL THEN null ELSE {id: p.id, name: p.name} END AS broker,
       CASE WHEN j IS NULL THEN null ELSE {id: j.id, name: j.title} END AS project
ORDER BY i.at DESC, i.id
SKIP $skip LIMIT $limit
