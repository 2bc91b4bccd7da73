// One competence: broader and narrower terms, who offers and needs it, its hubs and projects.
MATCH (c:Competence {id: $id})
OPTIONAL MATCH (c)-[:BROADER]->(b:Competence)
RETURN c {.id, .name, .description} AS competence, b {.id, .name} AS broader,
  COLLECT { MATCH (n:Competence)-[:BROADER]->(c)
            RETURN {id: n.id, name: n.name} AS v ORDER BY n.name } AS narrower,
  COLLECT { MATCH (o:Organisation)-[x:OFFERS]->(c)
            RETURN {id: o.id, name: o.name, kind: o.kind, country: o.country, level: x.level} AS v
            ORDER BY x.level DESC, o.name_norm LIMIT $limit } AS offered_by,
  COLLECT { MATCH (o:Organisation)-[x:NEEDS]->(c)
            RETURN {id: o.id, name: o.name, kind: o.kind, country: o.country,
                    priority: x.priority} AS v
            ORDER BY x.priority DESC, o.name_norm LIMIT $limit } AS needed_by,
  COLLECT { MATCH (o:Organisation)-[:HOSTS]->(h:Hub)-[:ON]->(c)
            RETURN {id: h.id, org: o.id, org_name: o.name, country: o.country,
                    description: h.description, since: h.since} AS v ORDER BY h.id } AS hubs,
  COLLECT { MATCH (p:Project)-[:ADDRESSES]->(c)
            RETURN {id: p.id, title: p.title, start: p.start, end: p.end} AS v
            ORDER BY p.start DESC, p.id LIMIT $limit } AS projects
