// Every node's properties, one record per set of labels: Bolt transfers a few records
// of long lists several times faster than a record per node (backups, checksums). The
// change log (graph.store.changes) is no data: a restore records a change of its own.
MATCH (n) WHERE NOT n:Change
RETURN labels(n) AS labels, collect(properties(n)) AS props
