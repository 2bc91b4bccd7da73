CREATE INDEX region_country IF NOT EXISTS FOR (n:Region) ON (n.country)
