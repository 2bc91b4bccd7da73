// Open partner requests (deadline on or after $today), soonest deadline first, filtered
// by a competence sought, a country wanted (or the requester's), a latest deadline, the
// requester, ids, and whether visitors may see them ($public_only); the requester's
// contact fields only when $contacts (members and up).
MATCH (r:PartnerRequest)-[:BY]->(o:Organisation)
WHERE r.deadline >= $today
  AND ($until IS NULL OR r.deadline <= $until)
  AND ($org IS NULL OR o.id = $org)
  AND ($ids IS NULL OR r.id IN $ids)
  AND (NOT $public_only OR r.public)
  AND ($country IS NULL OR $country IN r.countries OR o.country = $country)
  AND ($competence IS NULL OR EXISTS { MATCH (r)-[:SEEKS]->(:Competence {id: $competence}) })
CALL (r) {
  MATCH (r)-[:SEEKS]->(k:Competence)
  WITH k ORDER BY k.id
  RETURN collect({id: k.id, name: k.name}) AS competences
}
RETURN r.id AS id, r.title AS title, r.countries AS countries, r.kinds AS kinds,
       r.deadline AS deadline, r.text AS text, r.public AS public, r.created_at AS created_at,
       {id: o.id, name: o.name, country: o.country} AS org, competences,
       CASE WHEN $contacts THEN {email: o.email, phone: o.phone, name: o.contact_name} ELSE null END AS contact
ORDER BY deadline, id
LIMIT $limit
