// Ids of the introductions involving organisation $org (as source or target) in the
// stages $statuses (null = every stage), newest first.
MATCH (:Organisation {id: $org})<-[:SOURCE|TARGET]-(i:Introduction)
WHERE $statuses IS NULL OR i.status IN $statuses
RETURN DISTINCT i.id AS id, i.at AS at
ORDER BY at DESC, id
SKIP $skip LIMIT $limit
