// Membership ties (either direction) of the organisations in $ids; with $within (not null)
// only ties to organisations in that list.
MATCH (a:Organisation) WHERE a.id IN $ids
MATCH (a)-[:MEMBER_OF]-(b:Organisation)
WHERE a <> b AND ($within IS NULL OR b.id IN $within)
RETURN DISTINCT a.id AS source, b.id AS target, 1 AS weight,
       b.name AS name, b.kind AS kind, b.country AS country, b.region AS region
