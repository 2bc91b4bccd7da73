// Every relationship (type, properties, endpoints named by their id properties, never
// the database's internal ids), one record per type and endpoint labels (see
// collect_nodes). collect() leaves out null ids: the reader checks that the lists are
// equally long.
MATCH (a)-[r]->(b)
RETURN labels(a) AS start_labels, type(r) AS type, labels(b) AS end_labels,
       collect(a.id) AS start_ids, collect(b.id) AS end_ids,
       collect(properties(r)) AS props
