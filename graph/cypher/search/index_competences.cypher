// Every competence with its search key (its name normalised), for the search index.
MATCH (c:Competence)
RETURN c.id AS id, coalesce(c.name_norm, '') AS name_norm
ORDER BY c.id
