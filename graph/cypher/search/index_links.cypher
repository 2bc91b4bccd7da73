// Who offers and who needs each competence: one row of parallel lists, one list of
// organisation ids per competence (fewer values to move than one row per link).
MATCH (c:Competence)
WITH c, COLLECT { MATCH (o:Organisation)-[:OFFERS]->(c) RETURN o.id } AS offered_by,
     COLLECT { MATCH (o:Organisation)-[:NEEDS]->(c) RETURN o.id } AS needed_by
RETURN collect(c.id) AS competence, collect(offered_by) AS offered_by, collect(needed_by) AS needed_by
