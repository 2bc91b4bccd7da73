// Countries tagged 'balkan' (the "Balkan only" filter).
MATCH (g:Region)
WHERE g.level = 'country' AND 'balkan' IN g.tags
RETURN g.id AS id
