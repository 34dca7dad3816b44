from report.retrieval import fmt, latency_row, render

from tests.bench.samples import latency, retrieval_results


def test_fmt_and_latency_row():
    assert fmt(1234.5678) == "1,234.6"
    assert fmt(0.45678, 3) == "0.457"
    assert latency_row("search", latency(20.0)) == "| search | 10 | 20.00 | 40.00 | 60.00 | 22.00 |"


def test_render_has_every_section_in_order():
    markdown = render(retrieval_results())
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == [
        "## Retrieval benchmark (default run, 2026-12-01T10:00:00)",
        "### 1. Query latency (warm, 7293 indexed variants, faiss k=450, 1 faiss thread(s))",
        "### 2. Shipped index build (128 entries, 7293 variants)",
        "### 3. Synthetic corpus build (10,000 entries, 100,000 variants, mean 31.2 chars)",
        "### 4. Vector search: 1,000,000 × 384 clustered unit vectors (1,000 clusters)",
        "### Sections: CPU obtained",
    ]
    assert markdown.endswith("Total benchmark runtime: 8.0 min.\n")


def test_render_rows():
    lines = render(retrieval_results()).splitlines()
    assert "| faiss only (`IndexIDMap(IndexFlatIP).search`) | 10 | 0.457 | 0.913 | 1.370 | 0.502 |" in lines
    assert "| 1 | 128 | 2.60 | 49.2 |" in lines
    assert "| cold (empty cache) | 3 | 60.00 | 59.00 | 61.00 | 7293 | 0 |" in lines
    assert "| warm (all cached) | 3 | 0.100 | 0.090 | 0.110 | 0 | 7293 |" in lines
    assert "| **full cold build, extrapolated** (variants ÷ throughput + build without model) | **14.1 min** |" in lines
    assert "| IndexFlatIP (exact) | 1.2 | 1,465 | 1.0000 | 1.0000 | 0.500 | 1.000 | 0.300 | 0.600 |" in lines
    assert (
        "| HNSWFlat M=32 efC=80, efSearch=64 | 300.0 | 1,717 | 0.9877 | 0.9950 | 0.500 | 1.000 | 0.300 | 0.600 |"
        in lines
    )
    assert "| shipped_build | 180.0 | 324.0 | 1.80 | [0.1, 0.2, 0.3] | [1, 1, 1] |" in lines


def test_render_without_vector_search_and_with_a_measured_full_build():
    markdown = render(retrieval_results(vectors=False, full=True))
    assert "### 4." not in markdown
    assert "| **full cold build, measured** (`--full`, 100,000 embedded) | **15.0 min** |" in markdown


def test_render_mentions_skipped_knowledge_errors():
    assert "Knowledge: 128 entries.\n" in render(retrieval_results())
    assert "Knowledge: 128 entries (3 load errors skipped)." in render(retrieval_results(errors=3))
