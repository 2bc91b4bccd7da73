"""Data in and out: datasets, table files, the importer, the generator, exports, graph files.

:mod:`.tables` reads spreadsheets and CSV in the encodings people have, :mod:`.dataset`
validates tables into a dataset, :mod:`.importer` writes it in audited batches,
:mod:`.seeding` loads the demo only into an empty graph, :mod:`.generator` makes
synthetic data; :mod:`.exports`, :mod:`.graphfiles` and :mod:`.csvfile` (the one CSV
writer) write what analysts take away. It may import :mod:`graph.store`,
:mod:`graph.metrics` (exports write its reports), :mod:`graph.members` (imports are
audited) and the top-level leaf modules.
"""
