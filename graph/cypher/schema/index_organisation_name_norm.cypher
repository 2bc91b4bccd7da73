CREATE INDEX organisation_name_norm IF NOT EXISTS FOR (n:Organisation) ON (n.name_norm)
