// Claim the next version of an organisation (optimistic concurrency: every write to its
// profile, offers, needs, practices or hubs increments it). Writing a dummy property
// first takes the node's write lock on Neo4j, so the version read after it is the
// latest committed one; on ArcadeDB two transactions writing the node at once cannot
// both commit (the loser is retried and then reads the winner's version). The caller
// compares `current` with the version its user read and rolls back on a mismatch.
MATCH (o:Organisation {id: $id})
SET o.version_lock = true
REMOVE o.version_lock
WITH o, coalesce(o.version, 0) AS current
SET o.version = current + 1
RETURN current, o.version AS version
