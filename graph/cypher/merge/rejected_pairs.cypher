// Pairs of organisations an admin said are not the same ("a|b", ids sorted).
MATCH (v:DistinctPair)
RETURN v.pair AS pair
