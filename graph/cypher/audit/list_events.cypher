// Audit events, newest first, optionally for one actor or one target.
MATCH (e:AuditEvent)
WHERE ($actor IS NULL OR e.actor = $actor) AND ($target_id IS NULL OR e.target_id = $target_id)
RETURN e.id AS id, e.at AS at, e.actor AS actor, e.action AS action,
       e.target_kind AS target_kind, e.target_id AS target_id, e.changes AS changes
ORDER BY e.at DESC, e.id DESC
SKIP $skip LIMIT $limit
