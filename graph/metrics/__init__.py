"""Network metrics: choosing a subgraph, computing measures on it, brokerage questions.

:mod:`.subgraph` turns validated filters into a networkx graph from the store,
:mod:`.compute` computes the metrics table (with :mod:`.centrality`'s fast versions),
:mod:`.brokerage` answers who bridges whom. It may import :mod:`graph.store` and the
top-level leaf modules.
"""
