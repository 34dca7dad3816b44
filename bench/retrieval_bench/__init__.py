"""The retrieval benchmarks run by ``bench/retrieval.py``, one module per section.

``config`` holds the sizes of a run, ``machine`` the library versions and default thread counts,
``queries`` the seeded query stream made from the shipped knowledge, ``vectors`` the unit-vector helper;
then one module per section: ``query_latency`` (1), ``batch_encoding`` (1, throughput), ``shipped_build`` (2),
``synthetic_build`` (3) and ``vector_search`` (4). Each section returns a JSON-ready dictionary;
``report/retrieval.py`` renders them.
"""
