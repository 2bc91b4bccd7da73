"""Network metrics: choosing a subgraph, computing measures on it, brokerage questions.

:mod:`.subgraph` turns validated filters into a networkx graph from the store,
:mod:`.compute` computes the metrics table: networkx is the reference and the API, and
:mod:`.arrays` (the graph as arrays, converted once), :mod:`.centrality` and
:mod:`.communities` give the same measures fast (scipy, numpy, igraph's C core) at
hundreds of thousands of organisations; :mod:`.summaries` sums up communities and
countries. :mod:`.brokerage` answers who bridges whom.
It may import :mod:`graph.store` and the top-level leaf modules.
"""
