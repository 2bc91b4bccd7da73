// Counts for the home page and `partnernet stats`: label counts only, which Neo4j and
// ArcadeDB answer from their counts without a scan. Countries come from list_countries.
CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations }
CALL () { MATCH (p:Project) RETURN count(p) AS projects }
CALL () { MATCH (c:Competence) RETURN count(c) AS competences }
CALL () { MATCH (r:Region) RETURN count(r) AS regions }
CALL () { MATCH (h:Hub) RETURN count(h) AS hubs }
CALL () { MATCH (p:Practice) RETURN count(p) AS practices }
CALL () { MATCH (i:Introduction) RETURN count(i) AS introductions }
RETURN organisations, projects, competences, regions, hubs, practices, introductions
