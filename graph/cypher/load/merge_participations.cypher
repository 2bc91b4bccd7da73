// Link organisations to projects with their role.
UNWIND $rows AS r
MATCH (o:Organisation {id: r.org})
MATCH (p:Project {id: r.project})
MERGE (o)-[x:PARTICIPATED_IN]->(p)
SET x.role = r.role
