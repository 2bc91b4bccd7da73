// A broker saves a proposal: the call's rules, a draft consortium answering it, and its
// members with their roles. $members: [{id, role}], every id checked beforehand.
CREATE (call:Call {id: $call_id, title: $call_title, rules: $rules, created_at: datetime()})
CREATE (c:Consortium {id: $id, title: $title, status: 'draft', created_at: datetime(), updated_at: datetime()})
CREATE (c)-[:ANSWERS]->(call)
WITH c
OPTIONAL MATCH (p:Person {id: $broker})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (p)-[:SAVED]->(c))
WITH DISTINCT c
UNWIND $members AS m
MATCH (o:Organisation {id: m.id})
CREATE (c)-[:INCLUDES {role: m.role}]->(o)
RETURN count(*) AS members
