// The seeker of a match: who it is (an empty result when there is no such organisation).
MATCH (a:Organisation {id: $id})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.country AS country, a.region AS region
