MATCH (:Organisation {id: $org})-[x:NEEDS]->(:Competence {id: $competence})
RETURN x.priority AS priority, x.note AS note
