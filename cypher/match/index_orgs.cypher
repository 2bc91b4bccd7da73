// Every organisation with what the matching index needs: kind and place.
MATCH (o:Organisation)
RETURN o.id AS id, o.kind AS kind, o.country AS country, o.region AS region
