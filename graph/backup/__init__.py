"""Backups: the whole graph to one portable, checksummed file and back.

:mod:`.fileformat` defines the file (gzip'd JSON Lines with a checksummed trailer),
:mod:`.reading` verifies a file whole before anything is written, and :mod:`.archive`
writes backups and restores them (with the graph's canonical checksum). It may import
only :mod:`graph.store` and the top-level leaf modules.
"""
