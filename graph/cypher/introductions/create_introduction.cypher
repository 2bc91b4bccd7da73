// A broker proposes an introduction between two organisations; its history starts with
// the proposal (by the broker, with the note that explains it). Returned with both
// organisations' whole lists of introduced partners, the new one included, which the
// writing process's matching index sets in place (graph.store.changes.Introduced).
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
WITH i, a, b
RETURN i.id AS id,
       COLLECT { MATCH (a)<-[:SOURCE]-(:Introduction)-[:TARGET]->(t:Organisation) RETURN t.id AS v }
       + COLLECT { MATCH (a)<-[:TARGET]-(:Introduction)-[:SOURCE]->(s:Organisation) RETURN s.id AS v } AS source_partners,
       COLLECT { MATCH (b)<-[:SOURCE]-(:Introduction)-[:TARGET]->(t:Organisation) RETURN t.id AS v }
       + COLLECT { MATCH (b)<-[:TARGET]-(:Introduction)-[:SOURCE]->(s:Organisation) RETURN s.id AS v } AS target_partners
