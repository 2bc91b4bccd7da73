// Nodes of one label by id: those created while a backup ran. _LABEL_ is replaced by
// a label from graph.backup_format's allow-list before the statement runs.
MATCH (n:_LABEL_)
WHERE n.id IN $ids
RETURN labels(n) AS labels, properties(n) AS props
