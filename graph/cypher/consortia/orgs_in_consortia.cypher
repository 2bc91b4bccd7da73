// Every organisation some saved consortium includes.
MATCH (:Consortium)-[:INCLUDES]->(o:Organisation)
RETURN DISTINCT o.id AS id
