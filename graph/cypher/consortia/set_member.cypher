// Add an organisation to a consortium, or change its role.
MATCH (c:Consortium {id: $id})
MATCH (o:Organisation {id: $org})
MERGE (c)-[r:INCLUDES]->(o)
SET r.role = $role, c.updated_at = datetime()
RETURN o.id AS org
