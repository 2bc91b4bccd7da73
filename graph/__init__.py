"""PartnerNet's domain library, in subpackages by concern.

``store`` (the bottom layer: driver, embedded server, queries, caches) is below
``explore``, ``members``, ``matching``, ``metrics`` and ``readwrite``. The top-level
modules are leaves every layer may use: ``config`` (settings), ``models`` (what enters),
``outputs`` (the base of what leaves), ``params`` (query and CLI parameters into models),
``errors`` and ``text``. Package data: ``cypher/``
(every statement) and ``seeds/`` (the demo dataset and example calls).

Nothing here imports a web framework or the ``app`` package; the web app and the CLI
(both in ``app``) are thin layers on top.
"""
