CREATE CONSTRAINT import_mapping_name IF NOT EXISTS FOR (n:ImportMapping) REQUIRE n.name IS UNIQUE
