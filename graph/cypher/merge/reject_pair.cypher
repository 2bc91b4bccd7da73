// Remember that an admin said two organisations are not the same, so they are not proposed again.
MERGE (v:DistinctPair {pair: $pair})
ON CREATE SET v.created_at = datetime()
SET v.by = $actor
