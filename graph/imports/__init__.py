"""Other people's tables in: column mapping, wide partner tables, CORDIS, duplicates.

:mod:`.mapping` (with :mod:`.vocab` and :mod:`.places`: kinds, roles, countries and
counties by name) turns any table into PartnerNet's rows, :mod:`.wide` reads one row per
project with partner column groups, :mod:`.cordis` the EU's open project data;
:mod:`.checking` validates and writes them through the one audited path, :mod:`.jobs`
keeps a browser import's state, :mod:`.duplicates` finds organisations already there
under another spelling and :mod:`.merge` joins two. The top layer of ``graph``: it may
import :mod:`graph.readwrite` (datasets, the importer, table reading) and everything
below it.
"""
