// Take an organisation out of a consortium.
MATCH (c:Consortium {id: $id})-[r:INCLUDES]->(o:Organisation {id: $org})
DELETE r
SET c.updated_at = datetime()
RETURN o.id AS org
