// Countries with their tags and how many organisations each has.
MATCH (r:Region {level: 'country'})
RETURN r.id AS id, r.name AS name, coalesce(r.tags, []) AS tags,
       COUNT { MATCH (o:Organisation {country: r.id}) } AS organisations
ORDER BY r.name
