// Every relationship as stream_relationships gives it, as one record of parallel
// lists (the restore's checksum; see collect_nodes).
MATCH (a)-[r]->(b)
RETURN collect(labels(a)) AS start_labels, collect(a.id) AS start_id,
       collect(type(r)) AS type, collect(properties(r)) AS props,
       collect(labels(b)) AS end_labels, collect(b.id) AS end_id
