import faiss
import numpy as np
import pytest
from retrieval_bench.vector_search import clustered_vectors, index_bytes, recall_at, single_query_latency
from retrieval_bench.vectors import DIMENSION, unit_rows


def centres(count=4, seed=0):
    return unit_rows(np.random.default_rng(seed).standard_normal((count, DIMENSION), dtype=np.float32))


def test_unit_rows():
    rows = unit_rows(np.array([[3.0, 4.0], [0.0, 2.0]]))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 1.0]])
    assert rows.dtype == np.float32


def test_clustered_vectors_are_seeded_unit_vectors_near_their_centres():
    data = clustered_vectors(250, centres(), np.random.default_rng(1), chunk=100)
    assert data.shape == (250, DIMENSION) and data.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(data, axis=1), 1.0, rtol=1e-5)
    assert (data @ centres().T).max(axis=1).min() > 0.6
    np.testing.assert_array_equal(data, clustered_vectors(250, centres(), np.random.default_rng(1), chunk=100))


def test_recall_at_counts_the_true_neighbours_found():
    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    found = np.array([[4, 3, 2, 1], [5, 9, 9, 9]])
    assert recall_at(truth, found) == pytest.approx((1.0 + 0.25) / 2)


def test_single_query_latency_and_index_size():
    data = clustered_vectors(500, centres(), np.random.default_rng(2))
    index = faiss.IndexFlatIP(DIMENSION)
    index.add(data)
    before = faiss.omp_get_max_threads()
    stats = single_query_latency(index, data[:20], threads=1)
    assert stats["n"] == 20 and stats["p50_ms"] > 0
    assert faiss.omp_get_max_threads() == before
    assert index_bytes(index) >= 500 * DIMENSION * 4
