// Every matching fact of the organisations $ids that exist (graph.matching.index updates
// itself in place from these): what index_orgs, index_offers, ... hold for them.
UNWIND $ids AS key
MATCH (o:Organisation {id: key})
RETURN o.id AS id, coalesce(o.name, o.id) AS name, coalesce(o.kind, '') AS kind,
       coalesce(o.country, '') AS country, coalesce(o.region, '') AS region,
       COLLECT { MATCH (o)-[x:OFFERS]->(c:Competence)
                 RETURN {competence: c.id, value: coalesce(x.level, 0)} AS v } AS offers,
       COLLECT { MATCH (o)-[x:NEEDS]->(c:Competence)
                 RETURN {competence: c.id, value: coalesce(x.priority, 0)} AS v } AS needs,
       COLLECT { MATCH (o)-[r:PARTICIPATED_IN]->(p:Project)
                 RETURN {project: p.id, coordinator: coalesce(r.role, '') = 'coordinator'} AS v } AS projects,
       COLLECT { MATCH (o)-[:MEMBER_OF]->(n:Organisation) RETURN n.id AS v } AS networks,
       COLLECT { MATCH (m:Organisation)-[:MEMBER_OF]->(o) RETURN m.id AS v } AS members,
       COLLECT { MATCH (o)<-[:SOURCE]-(:Introduction)-[:TARGET]->(t:Organisation) RETURN t.id AS v }
       + COLLECT { MATCH (o)<-[:TARGET]-(:Introduction)-[:SOURCE]->(s:Organisation) RETURN s.id AS v } AS introduced
