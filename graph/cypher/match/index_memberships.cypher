// Every membership (member, network), as parallel lists.
MATCH (o:Organisation)-[:MEMBER_OF]->(n:Organisation)
RETURN collect(o.id) AS org, collect(n.id) AS network
