// Restore one batch of nodes that share the labels _LABELS_ (replaced from the allow-list).
UNWIND $rows AS props
CREATE (n:_LABELS_)
SET n = props
RETURN count(n) AS created
