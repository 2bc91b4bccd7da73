// Restore one batch of relationships of one type between two labels; the
// placeholders _START_, _TYPE_, _END_ are replaced from the allow-list.
UNWIND $rows AS r
MATCH (a:_START_ {id: r.start})
MATCH (b:_END_ {id: r.end})
CREATE (a)-[x:_TYPE_]->(b)
SET x = r.props
RETURN count(x) AS created
