"""Unit tests of the benchmarks' helpers (the benchmarks themselves never run in the test suite).

Benchmark scripts import their helpers as top-level modules (``from measure import …``), as they do
when run as ``python bench/x.py``; the folder goes at the end of ``sys.path`` so it can shadow nothing.
"""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
