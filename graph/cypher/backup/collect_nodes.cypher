// Every node's properties, one record per set of labels: Bolt transfers a few records
// of long lists several times faster than a record per node (backups, checksums).
MATCH (n)
RETURN labels(n) AS labels, collect(properties(n)) AS props
