// The organisations a subgraph filter selects (each filter may be null), with their
// projects in the period: the co-participation projection. One row per organisation,
// streamed. select_subgraph_multi.cypher adds offers, needs, regions and memberships.
MATCH (o:Organisation)
WHERE ($kinds IS NULL OR o.kind IN $kinds)
  AND ($regions IS NULL OR o.country IN $regions OR o.region IN $regions)
  AND (NOT $balkan OR EXISTS { MATCH (c:Region {id: o.country}) WHERE 'balkan' IN c.tags })
  AND ($competences IS NULL
       OR EXISTS { MATCH (o)-[:OFFERS|NEEDS]->(k:Competence) WHERE k.id IN $competences })
  AND ($projects IS NULL
       OR EXISTS { MATCH (o)-[:PARTICIPATED_IN]->(p:Project) WHERE p.id IN $projects })
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country, o.region AS region,
  COLLECT { MATCH (o)-[x:PARTICIPATED_IN]->(p:Project)
            WHERE ($projects IS NULL OR p.id IN $projects)
              AND ($since IS NULL OR p.end IS NULL OR p.end >= $since)
              AND ($until IS NULL OR p.start IS NULL OR p.start <= $until)
            RETURN {id: p.id, title: p.title, start: p.start, end: p.end, role: x.role} AS v
          } AS projects
