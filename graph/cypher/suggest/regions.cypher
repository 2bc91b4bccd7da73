// Every region (a few hundred at most): suggestions filter them by normalised name.
MATCH (r:Region)
RETURN r.id AS id, r.name AS name, r.level AS level, r.country AS country
ORDER BY r.id
