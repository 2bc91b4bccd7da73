CREATE INDEX organisation_city_norm IF NOT EXISTS FOR (n:Organisation) ON (n.city_norm)
