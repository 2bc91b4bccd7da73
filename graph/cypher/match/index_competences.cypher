// Every competence with its name and the broader competence it counts for in matching.
MATCH (c:Competence)
OPTIONAL MATCH (c)-[:BROADER]->(up:Competence)
RETURN c.id AS id, coalesce(c.name, c.id) AS name, up.id AS broader
