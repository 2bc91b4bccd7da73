// The history of one introduction: its stages in the order they were recorded.
MATCH (:Introduction {id: $id})-[:HAS_STEP]->(s:IntroductionStep)
OPTIONAL MATCH (s)-[:BY]->(p:Person)
RETURN s.at AS at, s.status AS status, s.note AS note,
       CASE WHEN p IS NULL THEN null ELSE {id: p.id, name: p.name} END AS by
ORDER BY s.seq
