MATCH (:Organisation {id: $org})-[x:OFFERS]->(:Competence {id: $competence})
RETURN x.level AS level, x.evidence AS evidence
