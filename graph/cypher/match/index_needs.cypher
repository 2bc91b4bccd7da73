// Every need with its priority, as parallel lists (see index_orgs.cypher).
MATCH (o:Organisation)-[x:NEEDS]->(c:Competence)
RETURN collect(o.id) AS org, collect(c.id) AS competence, collect(coalesce(x.priority, 0)) AS priority
