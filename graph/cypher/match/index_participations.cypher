// Who took part in which project, and whether as coordinator, as parallel lists.
MATCH (o:Organisation)-[r:PARTICIPATED_IN]->(p:Project)
RETURN collect(o.id) AS org, collect(p.id) AS project,
       collect(coalesce(r.role, '') = 'coordinator') AS coordinator
