// Upsert projects.
UNWIND $rows AS r
MERGE (p:Project {id: r.id})
SET p += r.props, p.title_norm = r.title_norm
