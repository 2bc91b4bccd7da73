// Every distinct city name, so search can match cities without their diacritics.
MATCH (o:Organisation)
WHERE o.city IS NOT NULL
RETURN DISTINCT o.city AS city
