"""Shared start of every benchmark script: project root on ``sys.path``, offline model hub.

Benchmarks run as files (``python bench/x.py``), so this module sits next to them and is imported
before any project or model import.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
