// A login account for a person (created unless it exists; attached to it if it does).
// An institutional member's organisation is only REQUESTED until an admin confirms.
MERGE (p:Person {id: $person})
ON CREATE SET p.name = $name, p.email = $email, p.created_at = datetime(),
              p.updated_at = datetime()
CREATE (a:Account {id: $username, password_hash: $hash, role: $role, status: $status,
                   kind: $kind, nonce: $nonce, created_at: datetime()})-[:FOR]->(p)
WITH a
OPTIONAL MATCH (o:Organisation {id: coalesce($org, '')})
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (a)-[:REQUESTS]->(o))
RETURN a.id AS username
