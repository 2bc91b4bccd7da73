"""Reading the network as brokers and coordinators browse it.

Organisation lists and profiles, search, ego networks, paths between organisations and
the brokers on them, regions with their cross-border ties, competence and project pages.
Read-only: it may import :mod:`graph.store` and the top-level leaf modules (models,
errors, outputs, text), not the other subpackages.
"""
