// Every project's title search key: participations name their project by title.
MATCH (p:Project)
RETURN p.id AS id, p.title_norm AS title_norm
