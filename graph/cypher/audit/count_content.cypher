// Nodes and relationships other than the audit trail and the change log (tests check that
// refused input leaves the graph as it was).
CALL () { MATCH (n) WHERE NOT n:AuditEvent AND NOT n:Change RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
