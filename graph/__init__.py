"""PartnerNet's domain library: models, the graph store, queries, matching, metrics.

Nothing here imports Flask; the web app (``app``) and the CLI are thin layers on top.
"""
