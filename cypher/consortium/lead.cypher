// The lead organisation of a call: what it offers of the call's competences (same
// discount rule as matching) and whether it has coordinated a project.
MATCH (b:Organisation {id: $id})
RETURN b.id AS id, b.name AS name, b.kind AS kind, b.country AS country,
  EXISTS { MATCH (b)-[:PARTICIPATED_IN {role: 'coordinator'}]->(:Project) } AS coordinated,
  [req IN $competences |
    {competence: req.id,
     level: coalesce(
       toFloat(head(COLLECT { MATCH (b)-[o:OFFERS]->(:Competence {id: req.id}) RETURN o.level })),
       $discount * head(COLLECT { MATCH (b)-[o:OFFERS]->(:Competence)-[:BROADER]->(:Competence {id: req.id})
                                  RETURN o.level ORDER BY o.level DESC }))}] AS levels
