// Link projects to the competences they address.
UNWIND $rows AS r
MATCH (p:Project {id: r.project})
MATCH (c:Competence {id: r.competence})
MERGE (p)-[:ADDRESSES]->(c)
