// Remove every node and relationship (tests and restore --replace).
MATCH (n) DETACH DELETE n
