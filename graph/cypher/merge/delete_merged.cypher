// Delete a merged organisation, only if no relationship is left on it; otherwise name what is left.
MATCH (drop:Organisation {id: $drop})
OPTIONAL MATCH (drop)-[r]-()
WITH drop, collect(DISTINCT type(r)) AS left
FOREACH (_ IN CASE WHEN size(left) = 0 THEN [1] ELSE [] END | DELETE drop)
RETURN left
