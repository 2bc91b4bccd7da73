// Every offer with its level, as parallel lists (see index_orgs.cypher).
MATCH (o:Organisation)-[x:OFFERS]->(c:Competence)
RETURN collect(o.id) AS org, collect(c.id) AS competence, collect(coalesce(x.level, 0)) AS level
