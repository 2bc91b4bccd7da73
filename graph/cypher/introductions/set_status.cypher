// Move an introduction to its next stage, only from the stage the caller read.
MATCH (i:Introduction {id: $id})
WHERE i.status = $current
SET i.status = $status, i.note = $note, i.at = date(), i.updated_at = datetime()
RETURN i.id AS id
