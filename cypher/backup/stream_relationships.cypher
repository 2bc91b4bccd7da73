// Every relationship with its type and properties, its endpoints named by their id
// properties (never the database's internal ids), for backups.
MATCH (a)-[r]->(b)
RETURN labels(a) AS start_labels, a.id AS start_id, type(r) AS type,
       properties(r) AS props, labels(b) AS end_labels, b.id AS end_id
