// Every introduction for the broker's pipeline: stage, dates, both organisations with
// their countries, and the broker who proposed it (filters apply in graph.members.pipeline,
// which also needs the whole list for the filter's choices).
MATCH (i:Introduction)-[:SOURCE]->(a:Organisation)
MATCH (i)-[:TARGET]->(b:Organisation)
OPTIONAL MATCH (p:Person)-[:PROPOSED]->(i)
RETURN i.id AS id, i.status AS status, i.at AS at,
       coalesce(i.updated_at, i.created_at) AS updated_at,
       {id: a.id, name: a.name, country: a.country} AS source,
       {id: b.id, name: b.name, country: b.country} AS target,
       CASE WHEN p IS NULL THEN null ELSE {id: p.id, name: p.name} END AS broker
ORDER BY updated_at, id
