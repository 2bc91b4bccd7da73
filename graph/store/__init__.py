"""The graph store: how PartnerNet reaches its graph and keeps reads cheap.

Here live the one ``neo4j`` driver (:mod:`.driver`), the embedded ArcadeDB server it
starts when no Neo4j is configured (:mod:`.embedded`), the named Cypher queries
(:mod:`.queries`, files in ``graph/cypher``), property-value conversion (:mod:`.values`),
the write generation shared by processes (:mod:`.generation`), the read cache that
follows it (:mod:`.cache`), the change log kept in the graph (:mod:`.changes`), this
process's own committed changes (:mod:`.journal`), the in-memory views kept fresh from
both (:mod:`.follow`) and the schema check (:mod:`.health`).

The bottom layer: it may import only :mod:`graph.config` and the leaf modules at the
top of ``graph`` (errors, outputs, text), never another subpackage.
"""
