// A broker proposes an introduction between two organisations.
MATCH (a:Organisation {id: $source})
MATCH (b:Organisation {id: $target})
MATCH (p:Person {id: $broker})
CREATE (i:Introduction {id: $id, status: 'proposed', at: date(), note: $note,
                        created_at: datetime(), updated_at: datetime()})
CREATE (p)-[:PROPOSED]->(i)
CREATE (i)-[:SOURCE]->(a)
CREATE (i)-[:TARGET]->(b)
RETURN i.id AS id
