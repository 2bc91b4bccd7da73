"""Complementarity matching and consortium building.

:mod:`.model` is the leaf (weights, filters, result models: it imports no other part of
this package); :mod:`.index` holds the in-memory facts, :mod:`.scoring` ranks every
candidate at once from it, :mod:`.match` runs a match (the index, or the Cypher path),
and :mod:`.consortium` proposes consortia for a call. It may import :mod:`graph.store`
and the top-level leaf modules.
"""
