// Every term of the competence vocabulary with its name in each language (null where it has none).
MATCH (c:Competence)
RETURN c.id AS id, c.name AS en, c.name_ro AS ro, c.name_bg AS bg, c.name_el AS el, c.name_it AS it
