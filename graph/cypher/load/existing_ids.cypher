// Ids already in the graph, per dataset table, for checking references of partial loads.
MATCH (n:Region) RETURN 'regions' AS table, n.id AS id
UNION ALL MATCH (n:Competence) RETURN 'competences' AS table, n.id AS id
UNION ALL MATCH (n:Organisation) RETURN 'organisations' AS table, n.id AS id
UNION ALL MATCH (n:Person) RETURN 'people' AS table, n.id AS id
UNION ALL MATCH (n:Project) RETURN 'projects' AS table, n.id AS id
UNION ALL MATCH (n:Hub) RETURN 'hubs' AS table, n.id AS id
UNION ALL MATCH (n:Practice) RETURN 'practices' AS table, n.id AS id
UNION ALL MATCH (n:Introduction) RETURN 'introductions' AS table, n.id AS id
