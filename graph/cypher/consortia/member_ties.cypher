// For each pair of the organisations $ids: do they share a project, a membership, or
// a recorded introduction (either way)?
UNWIND $ids AS a
UNWIND $ids AS b
WITH a, b WHERE a < b
MATCH (x:Organisation {id: a})
MATCH (y:Organisation {id: b})
RETURN a, b,
       EXISTS { MATCH (x)-[:PARTICIPATED_IN]->(:Project)<-[:PARTICIPATED_IN]-(y) } AS project,
       EXISTS { MATCH (x)-[:MEMBER_OF]-(y) } AS membership,
       EXISTS { MATCH (x)<-[:SOURCE|TARGET]-(:Introduction)-[:SOURCE|TARGET]->(y) } AS introduction
ORDER BY a, b
