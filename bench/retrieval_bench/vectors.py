"""Unit vectors of the embedding model's size, for the sections that do without the model."""

from __future__ import annotations

import numpy as np

DIMENSION = 384
"""Vector size of multilingual-e5-small."""


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` with every row scaled to length 1 (float32, in place when possible)."""
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix
