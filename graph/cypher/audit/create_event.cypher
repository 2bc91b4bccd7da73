// One audit event: who did what to which node, with the changed fields' before/after (JSON).
CREATE (e:AuditEvent {id: $id, at: datetime(), actor: $actor, action: $action,
                      target_kind: $target_kind, target_id: $target_id, changes: $changes})
RETURN e.id AS id
