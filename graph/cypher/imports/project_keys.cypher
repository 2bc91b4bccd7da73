// Every project's title: participations name their project by title.
MATCH (p:Project)
RETURN p.id AS id, p.title AS title
