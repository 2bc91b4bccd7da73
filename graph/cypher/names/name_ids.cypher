// Display names for ids a page mentions (audit actors and targets, competences, the steps
// of introduction paths, saved consortia, partner requests): the node with that id under
// any label that has a display name.
UNWIND $ids AS key
OPTIONAL MATCH (o:Organisation {id: key})
OPTIONAL MATCH (:Account {id: key})-[:FOR]->(ap:Person)
OPTIONAL MATCH (p:Person {id: key})
OPTIONAL MATCH (c:Competence {id: key})
OPTIONAL MATCH (pr:Practice {id: key})
OPTIONAL MATCH (ho:Organisation)-[:HOSTS]->(:Hub {id: key})-[:ON]->(hc:Competence)
OPTIONAL MATCH (:Introduction {id: key})-[:SOURCE]->(s:Organisation)
OPTIONAL MATCH (:Introduction {id: key})-[:TARGET]->(t:Organisation)
OPTIONAL MATCH (j:Project {id: key})
OPTIONAL MATCH (cs:Consortium {id: key})
OPTIONAL MATCH (rq:PartnerRequest {id: key})
RETURN key AS id,
       coalesce(o.name, ap.name, p.name, c.name, pr.title, j.title, cs.title, rq.title,
                ho.name + ' — ' + hc.name, s.name + ' → ' + t.name) AS name
