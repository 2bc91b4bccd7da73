// Organisations that are members of networks and consortia.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (n:Organisation {id: r.network})
MERGE (o)-[:MEMBER_OF]->(n)
