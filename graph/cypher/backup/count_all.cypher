// How many nodes and relationships the database holds (restore refuses a non-empty one;
// the change log does not count).
CALL () { MATCH (n) WHERE NOT n:Change RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
