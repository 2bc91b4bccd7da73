MATCH (:Organisation {id: $org})-[x:OFFERS]->(:Competence {id: $competence})
DELETE x
