// Choices for the search form: countries with organisations, and the competences.
RETURN
  COLLECT { MATCH (r:Region {level: 'country'})
            WHERE EXISTS { MATCH (:Organisation {country: r.id}) }
            RETURN {id: r.id, name: r.name} AS v ORDER BY r.name } AS countries,
  COLLECT { MATCH (c:Competence) RETURN {id: c.id, name: c.name} AS v ORDER BY c.name } AS competences
