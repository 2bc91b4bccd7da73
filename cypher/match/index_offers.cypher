// Every offer, with the broader competence it also counts for (discounted) in matching.
MATCH (o:Organisation)-[x:OFFERS]->(c:Competence)
OPTIONAL MATCH (c)-[:BROADER]->(up:Competence)
RETURN o.id AS org, c.id AS competence, up.id AS broader, x.level AS level
