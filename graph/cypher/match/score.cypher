// The complementarity score of candidates $candidates for seeker $id, term by term, with
// the competences and introducers behind each term; filtered, best first, ties by id.
// Terms (see graph/matching.py): need coverage, reciprocity, cross-sector, geography,
// familiarity, reachability. $w holds the weights; $fam_sign is 1, -1 or 0.
MATCH (a:Organisation {id: $id})
WITH a,
  COLLECT { MATCH (a)-[n:NEEDS]->(c:Competence)
            RETURN {c: c.id, name: c.name, p: n.priority} AS x ORDER BY c.id } AS aneeds,
  COLLECT { MATCH (a)-[o:OFFERS]->(c:Competence) OPTIONAL MATCH (c)-[:BROADER]->(up:Competence)
            RETURN {c: c.id, up: up.id, l: o.level} AS x } AS aoffers,
  COLLECT { MATCH (a)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(x:Organisation)
            RETURN {x: x.id, name: x.name, via: 'project', ref: p.id} AS t ORDER BY x.id, p.id }
  + COLLECT { MATCH (a)-[m:MEMBER_OF]-(x:Organisation)
              RETURN {x: x.id, name: x.name, via: 'membership',
                      ref: CASE WHEN startNode(m) = a THEN x.id ELSE a.id END} AS t
              ORDER BY t.x, t.ref } AS aties,
  COLLECT { MATCH (g:Region) WHERE g.level = 'country' AND 'balkan' IN g.tags
            RETURN g.id AS g } AS balkan
UNWIND $candidates AS bid
MATCH (b:Organisation {id: bid})
WHERE b <> a
  AND ($kinds IS NULL OR b.kind IN $kinds)
  AND ($countries IS NULL OR b.country IN $countries)
  AND ($regions IS NULL OR b.region IN $regions OR b.country IN $regions)
  AND (NOT $cross_border OR b.country <> a.country)
  AND (NOT $balkan OR b.country IN balkan)
WITH a, b, aneeds, aoffers, aties,
  COLLECT { MATCH (b)-[o:OFFERS]->(c:Competence) OPTIONAL MATCH (c)-[:BROADER]->(up:Competence)
            RETURN {c: c.id, up: up.id, l: o.level} AS x } AS boffers,
  COLLECT { MATCH (b)-[n:NEEDS]->(c:Competence)
            RETURN {c: c.id, name: c.name, p: n.priority} AS x ORDER BY c.id } AS bneeds,
  COUNT { MATCH (a)-[:PARTICIPATED_IN]->(:Project)<-[:PARTICIPATED_IN]-(b) } AS joint,
  COUNT { MATCH (a)<-[:SOURCE|TARGET]-(:Introduction)-[:SOURCE|TARGET]->(b) } AS intros,
  EXISTS { MATCH (a)-[:MEMBER_OF]-(b) } AS member_link,
  COLLECT { MATCH (b)-[:PARTICIPATED_IN]->(p:Project)<-[:PARTICIPATED_IN]-(x:Organisation)
            RETURN {x: x.id, via: 'project', ref: p.id} AS t ORDER BY x.id, p.id }
  + COLLECT { MATCH (b)-[m:MEMBER_OF]-(x:Organisation)
              RETURN {x: x.id, via: 'membership',
                      ref: CASE WHEN startNode(m) = b THEN x.id ELSE b.id END} AS t
              ORDER BY t.x, t.ref } AS bties
WHERE NOT ($exclude_partners AND (joint > 0 OR member_link))
// Need coverage: a competence met directly counts its level; one met only through a
// narrower competence counts the best narrower level times the discount.
WITH a, b, joint, intros, aties, bties,
  [n IN aneeds | {n: n, direct: [o IN boffers WHERE o.c = n.c | o.l],
                  narrow: [o IN boffers WHERE o.up = n.c]}] AS nx,
  [n IN bneeds | {n: n, direct: [o IN aoffers WHERE o.c = n.c | o.l],
                  narrow: [o IN aoffers WHERE o.up = n.c]}] AS rx
WITH a, b, joint, intros, aties, bties,
  [x IN nx WHERE size(x.direct) > 0 OR size(x.narrow) > 0 |
     CASE WHEN size(x.direct) > 0
       THEN {competence: x.n.c, name: x.n.name, priority: x.n.p, level: x.direct[0],
             through: null, factor: 1.0}
       ELSE {competence: x.n.c, name: x.n.name, priority: x.n.p, factor: $w.narrower_discount,
             best: reduce(best = null, o IN x.narrow |
               CASE WHEN best IS NULL OR o.l > best.l OR (o.l = best.l AND o.c < best.c)
                    THEN o ELSE best END)}
     END] AS nraw,
  [x IN rx WHERE size(x.direct) > 0 OR size(x.narrow) > 0 |
     CASE WHEN size(x.direct) > 0
       THEN {competence: x.n.c, name: x.n.name, priority: x.n.p, level: x.direct[0],
             through: null, factor: 1.0}
       ELSE {competence: x.n.c, name: x.n.name, priority: x.n.p, factor: $w.narrower_discount,
             best: reduce(best = null, o IN x.narrow |
               CASE WHEN best IS NULL OR o.l > best.l OR (o.l = best.l AND o.c < best.c)
                    THEN o ELSE best END)}
     END] AS rraw
WHERE size(nraw) > 0 OR size(rraw) > 0
WITH a, b, joint, intros, aties, bties,
  [i IN nraw | {competence: i.competence, name: i.name, priority: i.priority,
                level: coalesce(i.level, i.best.l), through: i.best.c, factor: i.factor,
                value: i.priority * coalesce(i.level, i.best.l) * i.factor}] AS nitems,
  [i IN rraw | {competence: i.competence, name: i.name, priority: i.priority,
                level: coalesce(i.level, i.best.l), through: i.best.c, factor: i.factor,
                value: i.priority * coalesce(i.level, i.best.l) * i.factor}] AS ritems
// Reachability: organisations tied to both (joint project or membership), by id.
WITH a, b, joint, intros, nitems, ritems, aties, bties,
  reduce(xs = [], t IN aties |
    CASE WHEN t.x IN xs OR t.x = b.id OR NOT any(u IN bties WHERE u.x = t.x)
         THEN xs ELSE xs + t.x END) AS common
WITH a, b, joint, intros, nitems, ritems, common,
  [x IN common[0..3] |
     {id: x, name: head([t IN aties WHERE t.x = x]).name,
      path: [{from: a.id, to: x, via: head([t IN aties WHERE t.x = x]).via,
              ref: head([t IN aties WHERE t.x = x]).ref},
             {from: x, to: b.id, via: head([u IN bties WHERE u.x = x]).via,
              ref: head([u IN bties WHERE u.x = x]).ref}]}] AS introducers
WITH b, joint, intros, nitems, ritems, common, introducers,
  $w.need * reduce(s = 0.0, i IN nitems | s + i.value) AS t_need,
  $w.reciprocity * reduce(s = 0.0, i IN ritems | s + i.value) AS t_rec,
  CASE WHEN b.kind <> a.kind THEN $w.cross_sector ELSE 0.0 END AS t_cross,
  CASE WHEN b.region = a.region THEN 'same_region'
       WHEN b.country = a.country THEN 'same_country'
       ELSE 'cross_border' END AS geo,
  $fam_sign * $w.familiarity *
    CASE WHEN joint + intros < $w.familiarity_cap THEN joint + intros
         ELSE $w.familiarity_cap END AS t_fam,
  CASE WHEN size(common) > 0 THEN $w.reachability ELSE 0.0 END AS t_reach
WITH b, joint, intros, nitems, ritems, common, introducers, geo,
  t_need, t_rec, t_cross, t_fam, t_reach,
  CASE geo WHEN 'same_region' THEN $w.same_region WHEN 'same_country' THEN $w.same_country
           ELSE $w.cross_border END AS t_geo
WITH b, joint, intros, nitems, ritems, common, introducers, geo,
  t_need, t_rec, t_cross, t_geo, t_fam, t_reach,
  t_need + t_rec + t_cross + t_geo + t_fam + t_reach AS score
WHERE $min_score IS NULL OR score >= $min_score
RETURN b.id AS id, b.name AS name, b.kind AS kind, b.country AS country, b.region AS region,
  score,
  {need_coverage: t_need, reciprocity: t_rec, cross_sector: t_cross, geography: t_geo,
   familiarity: t_fam, reachability: t_reach} AS terms,
  {need_coverage: nitems, reciprocity: ritems, geography: geo, joint_projects: joint,
   introductions: intros, common_partners: size(common)} AS via,
  introducers
ORDER BY score DESC, id ASC
LIMIT $top
