// Every organisation some introduction names (as source or target), in any stage.
MATCH (o:Organisation)<-[:SOURCE|TARGET]-(:Introduction)
RETURN DISTINCT o.id AS id
