// Restore one batch of relationships of one type between two labels; the
// placeholders _START_, _TYPE_, _END_ are replaced from the allow-list, and the pair
// `_KEY_: row[2]._KEY_` is repeated for each property key of the group (checked,
// quoted), as in create_nodes. A row is [start id, end id, properties]: a list packs
// faster than a map. The endpoints are found through the id constraints.
UNWIND $rows AS row
MATCH (a:_START_ {id: row[0]})
MATCH (b:_END_ {id: row[1]})
CREATE (a)-[x:_TYPE_ {_KEY_: row[2]._KEY_}]->(b)
RETURN count(x) AS created
