// Keep a column mapping under its name for the next import of a table of the same shape.
MERGE (m:ImportMapping {name: $name})
ON CREATE SET m.created_at = datetime()
SET m.target = $target, m.spec = $spec, m.updated_at = datetime(), m.updated_by = $actor
