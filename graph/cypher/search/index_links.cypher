// Every offer and need (organisation, competence, offered or needed), as parallel lists.
MATCH (o:Organisation)-[x:OFFERS|NEEDS]->(c:Competence)
RETURN collect(o.id) AS org, collect(c.id) AS competence, collect(type(x) = 'OFFERS') AS offered
