CREATE INDEX organisation_country IF NOT EXISTS FOR (n:Organisation) ON (n.country)
