// Every need with its priority, for the matching index.
MATCH (o:Organisation)-[x:NEEDS]->(c:Competence)
RETURN o.id AS org, c.id AS competence, x.priority AS priority
