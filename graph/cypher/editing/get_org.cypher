// One organisation's stored properties, for editing (contacts included: callers check rights).
MATCH (o:Organisation {id: $id})
RETURN o {.*} AS org
