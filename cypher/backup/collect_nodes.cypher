// Every node's properties, one record per set of labels: Bolt transfers a few records
// of long lists several times faster than a record per node (the restore's checksum).
MATCH (n)
RETURN labels(n) AS labels, collect(properties(n)) AS props
