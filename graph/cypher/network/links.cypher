// Ties of the organisations in $ids, of the kinds in $rels, with the other end's fields:
// partner (weight = joint projects), member (either direction), introduced (weight =
// recorded introductions). With $within (not null) only ties to organisations in that list.
MATCH (a:Organisation) WHERE a.id IN $ids
WITH a,
  CASE WHEN 'partner' IN $rels THEN COLLECT {
    MATCH (a)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(b:Organisation)
    WHERE a <> b AND ($within IS NULL OR b.id IN $within)
    WITH b, count(p) AS weight
    RETURN {target: b.id, weight: weight, rel: 'partner',
            name: b.name, kind: b.kind, country: b.country, region: b.region} AS t
  } ELSE [] END AS partner,
  CASE WHEN 'member' IN $rels THEN COLLECT {
    MATCH (a)-[:MEMBER_OF]-(b:Organisation)
    WHERE a <> b AND ($within IS NULL OR b.id IN $within)
    WITH DISTINCT b
    RETURN {target: b.id, weight: 1, rel: 'member',
            name: b.name, kind: b.kind, country: b.country, region: b.region} AS t
  } ELSE [] END AS member,
  CASE WHEN 'introduced' IN $rels THEN COLLECT {
    MATCH (a)<-[:SOURCE|TARGET]-(i:Introduction)-[:SOURCE|TARGET]->(b:Organisation)
    WHERE a <> b AND ($within IS NULL OR b.id IN $within)
    WITH b, count(DISTINCT i) AS weight
    RETURN {target: b.id, weight: weight, rel: 'introduced',
            name: b.name, kind: b.kind, country: b.country, region: b.region} AS t
  } ELSE [] END AS introduced
UNWIND partner + member + introduced AS t
RETURN a.id AS source, t.target AS target, t.weight AS weight, t.rel AS rel,
       t.name AS name, t.kind AS kind, t.country AS country, t.region AS region
