"""Data in and out: datasets, the importer, the generator, exports, graph files, backups,
and imports of other people's data (tables in any encoding, column mappings, wide
partner tables, CORDIS, duplicates and merges, browser import jobs).

It may import :mod:`graph.store`, :mod:`graph.metrics` (exports write its reports),
:mod:`graph.members` (imports are audited) and the top-level leaf modules.
"""
