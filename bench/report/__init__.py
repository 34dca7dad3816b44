"""Markdown reports of the benchmarks, rendered from their JSON results alone.

``report.retrieval.render`` takes what ``bench/retrieval.py`` writes to ``bench/results/retrieval.json``,
``report.load.render`` what ``bench/load.py`` writes to ``bench/results/load.json``; neither measures
anything, so an old result can be rendered again (``python bench/render.py FILE``).
"""
