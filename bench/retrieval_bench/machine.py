"""What the retrieval numbers were measured on: library versions and the default thread counts.

The defaults are read when this module is first imported, before any section changes the torch or
faiss thread count, so the sections can restore them and the report can state them.
"""

from __future__ import annotations

import faiss
import numpy as np
import torch
from measure import Report, load_average, machine_facts

DEFAULT_TORCH_THREADS = torch.get_num_threads()
DEFAULT_FAISS_THREADS = faiss.omp_get_max_threads()
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS", "NENKIN_ENCODER_THREADS")


def machine_info() -> Report:
    """CPU, memory, library versions, default thread counts and the load average now."""
    import sentence_transformers
    import transformers

    return {
        **machine_facts(THREAD_VARIABLES),
        "torch": torch.__version__,
        "faiss": faiss.__version__,
        "numpy": np.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "transformers": transformers.__version__,
        "torch_threads": DEFAULT_TORCH_THREADS,
        "faiss_threads": DEFAULT_FAISS_THREADS,
        "load_average_at_start": load_average(),
    }
