// Regions and competences offered as choices in the editing forms.
MATCH (r:Region) RETURN 'regions' AS kind, r.id AS id, r.name AS name
UNION ALL
MATCH (c:Competence) RETURN 'competences' AS kind, c.id AS id, c.name AS name
