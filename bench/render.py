"""Render a benchmark's JSON result as Markdown again, without measuring anything.

Run from the repository root::

    .venv/bin/python bench/render.py bench/results/retrieval.json
    .venv/bin/python bench/render.py bench/results/load.json

The kind of result is recognised by its content; the Markdown is exactly what the benchmark printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from report import load, retrieval

RENDERERS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "retrieval": ("query_latency", retrieval.render),
    "load": ("levels", load.render),
}
"""Benchmark name → (a key only its results have, its renderer)."""


def renderer_for(results: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """The renderer of the benchmark that wrote ``results``.

    Raises:
        ValueError: If ``results`` come from no benchmark known here.
    """
    for key, render in RENDERERS.values():
        if key in results:
            return render
    known = ", ".join(f"{name} (has {key!r})" for name, (key, _) in RENDERERS.items())
    raise ValueError(f"not a result of a known benchmark; expected one of: {known}; got keys {sorted(results)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the Markdown of the JSON file given on the command line."""
    parser = argparse.ArgumentParser(description="Render a benchmark's JSON result as Markdown.")
    parser.add_argument("result", type=Path, help="e.g. bench/results/retrieval.json")
    args = parser.parse_args(argv)
    results = json.loads(args.result.read_text(encoding="utf-8"))
    try:
        render = renderer_for(results)
    except ValueError as exc:
        parser.error(f"{args.result}: {exc}")
    sys.stdout.write(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
