"""Data in and out: datasets, the importer, the generator, exports, graph files, backups.

It may import :mod:`graph.store`, :mod:`graph.metrics` (exports write its reports),
:mod:`graph.members` (imports are audited) and the top-level leaf modules.
"""
