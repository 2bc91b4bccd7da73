// A broker proposes an introduction between two organisations; its history starts with
// the proposal (by the broker, with the note that explains it).
MATCH (a:Organisation {id: $source})
MATCH (b:Organisation {id: $target})
MATCH (p:Person {id: $broker})
CREATE (i:Introduction {id: $id, status: 'proposed', at: date(), note: $note,
                        created_at: datetime(), updated_at: datetime()})
CREATE (p)-[:PROPOSED]->(i)
CREATE (i)-[:SOURCE]->(a)
CREATE (i)-[:TARGET]->(b)
CREATE (i)-[:HAS_STEP]->(s:IntroductionStep {seq: 0, at: datetime(), status: 'proposed', note: $note})
CREATE (s)-[:BY]->(p)
RETURN i.id AS id
