// Ties that make organisations familiar or able to introduce each other: joint projects
// (as project membership rows), memberships, and recorded introductions.
MATCH (o:Organisation)-[:PARTICIPATED_IN]->(p:Project)
RETURN 'project' AS kind, o.id AS a, p.id AS b
UNION ALL
MATCH (o:Organisation)-[:MEMBER_OF]->(n:Organisation)
RETURN 'membership' AS kind, o.id AS a, n.id AS b
UNION ALL
MATCH (s:Organisation)<-[:SOURCE]-(:Introduction)-[:TARGET]->(t:Organisation)
RETURN 'introduction' AS kind, s.id AS a, t.id AS b
