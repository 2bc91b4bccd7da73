CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at)
