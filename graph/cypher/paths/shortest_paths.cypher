// All shortest paths between two organisations through joint projects and memberships.
MATCH (a:Organisation {id: $source})
MATCH (b:Organisation {id: $target})
MATCH p = allShortestPaths((a)-[:PARTICIPATED_IN|MEMBER_OF*..8]-(b))
RETURN [n IN nodes(p) | {id: n.id, name: coalesce(n.name, n.title),
                          type: CASE WHEN n:Project THEN 'project' ELSE 'organisation' END,
                          kind: n.kind, country: n.country}] AS steps
LIMIT $limit
