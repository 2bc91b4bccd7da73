MATCH (:Organisation {id: $org})-[x:NEEDS]->(:Competence {id: $competence})
DELETE x
