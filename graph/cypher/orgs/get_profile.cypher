// One organisation with everything its profile shows (contact fields filtered in Python).
MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(country:Region)
RETURN o {.*} AS org,
  r {.id, .name} AS region,
  country {.id, .name} AS country,
  COLLECT { MATCH (o)-[x:OFFERS]->(c:Competence)
            RETURN {id: c.id, name: c.name, level: x.level, evidence: x.evidence} AS v
            ORDER BY x.level DESC, c.id } AS offers,
  COLLECT { MATCH (o)-[x:NEEDS]->(c:Competence)
            RETURN {id: c.id, name: c.name, priority: x.priority, note: x.note} AS v
            ORDER BY x.priority DESC, c.id } AS needs,
  COLLECT { MATCH (o)-[x:PARTICIPATED_IN]->(p:Project)
            RETURN {id: p.id, title: p.title, role: x.role, start: p.start, end: p.end,
                    programme: p.programme} AS v
            ORDER BY p.start DESC, p.id } AS projects,
  COLLECT { MATCH (o)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(b:Organisation)
            WITH b, count(DISTINCT p) AS joint
            RETURN {id: b.id, name: b.name, kind: b.kind, country: b.country,
                    joint_projects: joint} AS v
            ORDER BY joint DESC, b.id } AS partners,
  COLLECT { MATCH (o)-[:MEMBER_OF]->(n:Organisation)
            RETURN {id: n.id, name: n.name} AS v ORDER BY n.id } AS member_of,
  COLLECT { MATCH (m:Organisation)-[:MEMBER_OF]->(o)
            RETURN {id: m.id, name: m.name} AS v ORDER BY m.id } AS members,
  COLLECT { MATCH (o)-[:HOSTS]->(h:Hub)-[:ON]->(c:Competence)
            RETURN {id: h.id, competence: c.id, competence_name: c.name,
                    description: h.description, since: h.since} AS v ORDER BY h.id } AS hubs,
  COLLECT { MATCH (o)-[:DOCUMENTED]->(p:Practice)
            RETURN {id: p.id, title: p.title, summary: p.summary, year: p.year,
                    links: p.links,
                    competences: COLLECT { MATCH (p)-[:ABOUT]->(c:Competence) RETURN c.id ORDER BY c.id }} AS v
            ORDER BY p.year DESC, p.id } AS practices
