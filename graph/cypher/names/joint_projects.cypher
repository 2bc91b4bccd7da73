// The projects $org shares with each of $others, by title (newest first).
UNWIND $others AS other
MATCH (:Organisation {id: $org})-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(:Organisation {id: other})
WITH other, p ORDER BY p.start DESC, p.title_norm
RETURN other AS id, collect({id: p.id, name: p.title}) AS projects
