// Ids of the introductions in the stages $statuses (null = every stage), newest first.
MATCH (i:Introduction)
WHERE $statuses IS NULL OR i.status IN $statuses
RETURN i.id AS id
ORDER BY i.at DESC, i.id
SKIP $skip LIMIT $limit
