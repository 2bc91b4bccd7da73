// What the search index holds of the organisations $ids that exist (graph.explore.finder
// re-reads these when the change log names them): as index_orgs and index_links, per row.
UNWIND $ids AS key
MATCH (o:Organisation {id: key})
RETURN o.id AS id, coalesce(o.name, o.id) AS name, coalesce(o.name_norm, '') AS name_norm,
       coalesce(o.city, '') AS city, coalesce(o.city_norm, '') AS city_norm,
       coalesce(o.description, '') AS description, coalesce(o.kind, '') AS kind,
       coalesce(o.country, '') AS country, coalesce(o.region, '') AS region,
       COLLECT { MATCH (o)-[:OFFERS]->(c:Competence) RETURN c.id AS v } AS offers,
       COLLECT { MATCH (o)-[:NEEDS]->(c:Competence) RETURN c.id AS v } AS needs
