// The organisations that took part in project $project (the search's project filter).
MATCH (:Project {id: $project})<-[:PARTICIPATED_IN]-(o:Organisation)
RETURN collect(DISTINCT o.id) AS ids
