// One project with its partners (coordinator first) and the competences it addresses.
MATCH (p:Project {id: $id})
RETURN p {.id, .title, .programme, .funder, .start, .end, .budget, .currency, .summary} AS project,
  COLLECT { MATCH (o:Organisation)-[x:PARTICIPATED_IN]->(p)
            RETURN {id: o.id, name: o.name, kind: o.kind, country: o.country, role: x.role} AS v
            ORDER BY CASE x.role WHEN 'coordinator' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END,
                     o.name_norm } AS partners,
  COLLECT { MATCH (p)-[:ADDRESSES]->(c:Competence)
            RETURN {id: c.id, name: c.name} AS v ORDER BY c.name } AS competences
