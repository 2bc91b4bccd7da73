// Set only the given (changed) profile properties of one organisation; a null clears one.
MATCH (o:Organisation {id: $id})
SET o += $props, o.updated_at = datetime()
RETURN o.id AS id
