"""Validate the knowledge files, then rebuild the index in a separate process (used by the admin API).

The build runs as ``python -m knowledge build --json`` in a child process so the
caller (the web API) never holds the embedding model in memory. The index is
switched atomically (``CURRENT``) only after a successful build; servers that
read the index (the action server) pick the new build up on their next request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.content.issues import Issue, Severity
from knowledge.content.loader import load_knowledge
from knowledge.retrieval.index import BuildReport
from knowledge.settings import PROJECT_ROOT, KnowledgeSettings

__all__ = ["ReloadFailedError", "ReloadRejectedError", "ReloadReport", "rebuild"]

Runner = Callable[..., subprocess.CompletedProcess]


class ReloadRejectedError(Exception):
    """The knowledge files have errors; nothing was rebuilt.

    Attributes:
        issues: The validator's errors (file, line, field, message).
    """

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} error(s) in the knowledge files")
        self.issues = issues


class ReloadFailedError(RuntimeError):
    """The index build itself failed (model missing, disk full …); the old index stays."""


@dataclass(frozen=True)
class ReloadReport:
    """A successful rebuild."""

    build: BuildReport
    warnings: list[Issue]


def rebuild(settings: KnowledgeSettings, *, run: Runner = subprocess.run, timeout: float = 3600) -> ReloadReport:
    """Validate ``settings.knowledge_dir``, then build the index in a child process.

    Args:
        settings: Knowledge and index locations (passed to the child through the environment).
        run: ``subprocess.run`` (replaceable in tests).
        timeout: Seconds the build may take.

    Raises:
        ReloadRejectedError: If the files have errors (the old index keeps serving).
        ReloadFailedError: If the build process fails.
    """
    result = load_knowledge(settings.knowledge_dir)
    if result.errors:
        raise ReloadRejectedError(result.errors)
    environment = {
        **os.environ,
        "NENKIN_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "NENKIN_INDEX_DIR": str(settings.index_dir),
        "NENKIN_EMBEDDING_MODEL": settings.embedding_model,
    }
    try:
        completed = run(
            [sys.executable, "-m", "knowledge", "build", "--json"],
            cwd=PROJECT_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReloadFailedError(f"index build could not run: {exc}") from exc
    if completed.returncode != 0:
        tail = "\n".join((completed.stderr or "").strip().splitlines()[-10:])
        raise ReloadFailedError(f"index build failed (exit {completed.returncode}): {tail}")
    try:
        report = BuildReport(**json.loads(completed.stdout.strip().splitlines()[-1]))
    except (ValueError, TypeError, IndexError) as exc:
        raise ReloadFailedError(f"index build printed no report: {completed.stdout[-500:]!r}") from exc
    warnings = [issue for issue in result.issues if issue.severity is Severity.WARNING]
    return ReloadReport(report, warnings)
