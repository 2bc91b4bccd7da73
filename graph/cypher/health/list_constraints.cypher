// The constraints the server has, by label and property (readiness check).
SHOW CONSTRAINTS YIELD labelsOrTypes, properties
RETURN labelsOrTypes AS labels, properties
