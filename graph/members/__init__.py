"""What people write: accounts, editing the network by hand, introductions, the audit trail.

Every write here records an ``(:AuditEvent)`` in the same transaction as the change.
It may import :mod:`graph.store`, :mod:`graph.explore` (to read what it shows back) and
the top-level leaf modules.
"""
