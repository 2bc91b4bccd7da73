// One change record, written in the transaction of the change it describes
// (graph.store.changes): what changed (a topic) and which organisations.
CREATE (:Change {id: $id, at: timestamp(), topic: $topic, orgs: $orgs})
