"""PartnerNet's domain library, in subpackages by concern, in layers.

``store`` (driver, embedded server, queries, caches) is the bottom layer; above it
``explore``, ``members``, ``matching``, ``metrics`` and ``backup``, which do not import
each other; then ``readwrite`` (datasets, the importer, exports) and, on top, ``imports``
(other people's tables). The top-level modules are leaves every layer may use: ``config``
(settings), ``models`` (what enters), ``outputs`` (the base of what leaves), ``params``
(query and CLI parameters into models), ``errors``, ``text``, ``palette`` (the colours
views and exports share) and ``resources`` (package data: ``cypher/``, every statement,
and ``seeds/``, the demo dataset and example calls).

Nothing here imports a web framework or the ``app`` package; the web app and the CLI
(both in ``app``) are thin layers on top.
"""
