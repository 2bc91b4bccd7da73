// Counts for the home page and `partnernet stats`.
CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations, count(DISTINCT o.country) AS countries }
CALL () { MATCH (p:Project) RETURN count(p) AS projects }
CALL () { MATCH (c:Competence) RETURN count(c) AS competences }
CALL () { MATCH (r:Region) RETURN count(r) AS regions }
CALL () { MATCH (h:Hub) RETURN count(h) AS hubs }
CALL () { MATCH (p:Practice) RETURN count(p) AS practices }
CALL () { MATCH (i:Introduction) RETURN count(i) AS introductions }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN organisations, countries, projects, competences, regions, hubs, practices,
       introductions, relationships
