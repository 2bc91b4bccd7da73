// Every recorded introduction (source, target), as parallel lists.
MATCH (s:Organisation)<-[:SOURCE]-(:Introduction)-[:TARGET]->(t:Organisation)
RETURN collect(s.id) AS source, collect(t.id) AS target
