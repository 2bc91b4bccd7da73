// Which of the given ids are organisations (to tell "no path" from "no such organisation").
UNWIND $ids AS oid
MATCH (o:Organisation {id: oid})
RETURN o.id AS id, o.name AS name
