// Restore one batch of nodes that share the labels _LABELS_ (replaced from the
// allow-list). The pair `_KEY_: row._KEY_` is repeated for each property key of the
// group (checked, quoted): a node created with its properties is written once, where
// CREATE then SET n = row writes it twice (a third slower on ArcadeDB). A key that a
// row lacks is null there, and a null property is not stored.
UNWIND $rows AS row
CREATE (n:_LABELS_ {_KEY_: row._KEY_})
RETURN count(n) AS created
