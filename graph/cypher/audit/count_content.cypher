// Nodes and relationships other than the audit trail (tests check that refused input
// leaves the graph as it was).
CALL () { MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
