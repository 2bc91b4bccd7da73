// An organisation publishes a partner request; the competences it seeks are linked.
MATCH (o:Organisation {id: $org})
CREATE (r:PartnerRequest {id: $id, title: $title, countries: $countries, kinds: $kinds,
                          deadline: $deadline, text: $text, public: $public,
                          created_at: datetime(), updated_at: datetime()})
CREATE (r)-[:BY]->(o)
WITH r
UNWIND $competences AS c
MATCH (k:Competence {id: c})
CREATE (r)-[:SEEKS]->(k)
RETURN count(*) AS competences
