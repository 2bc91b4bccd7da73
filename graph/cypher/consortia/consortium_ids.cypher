// Ids of saved consortia, newest first; with $org, only those including that organisation.
MATCH (c:Consortium)
WHERE $org IS NULL OR EXISTS { MATCH (c)-[:INCLUDES]->(:Organisation {id: $org}) }
RETURN c.id AS id, c.updated_at AS updated_at
ORDER BY updated_at DESC, id
LIMIT $limit
