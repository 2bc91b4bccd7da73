// Every node with its labels and properties, whatever its labels (backup).
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
