// The saved column mappings, by name.
MATCH (m:ImportMapping)
RETURN m.name AS name, m.target AS target, m.spec AS spec
ORDER BY m.name
