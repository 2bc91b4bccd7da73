// Uniqueness constraints in place (schema checks and /readyz).
SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties
RETURN name, labelsOrTypes AS labels, properties
