"""The translation status as staff read it in a terminal (``python -m knowledge translations``)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from knowledge.content.translation.status import LanguageStatus

__all__ = ["render_translation_status"]


def _relative(path: Path, root: Path | None) -> Path:
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(root.resolve())
    return path


def render_translation_status(statuses: Sequence[LanguageStatus], root: Path | None = None) -> str:
    """A table per language, then every problem with its file and line and what to do.

    Args:
        statuses: The languages to show.
        root: Paths are shown relative to it when possible.
    """
    lines = ["language  translated  stale  facts differ  missing  short texts missing"]
    for s in statuses:
        lines.append(
            f"{s.language:<9} {s.translated:>4}/{s.entries:<5} {len(s.stale):>5}  {len(s.differing):>12}  "
            f"{len(s.missing):>7}  {len(s.short_texts_missing):>19}"
        )
    for s in statuses:
        details = [issue.format(root) for issue in s.issues]
        details += [
            f"{_relative(m.faq_file, root)}:{m.line}: missing: {m.entry_id} has no {s.language} answer; add it to "
            f"translations/{s.language}/{m.faq_file.name} with translated_from: ja, source_hash: {m.source_hash}"
            for m in s.missing
        ]
        details += [
            f"translations/{s.language}/_texts.yml: missing: no {s.language} translation of {text!r}"
            for text in s.short_texts_missing
        ]
        if details:
            lines += ["", f"## {s.language}: {len(details)} problem(s)", *details]
    if all(s.complete for s in statuses):
        lines += ["", "all translations complete and checked"]
    return "\n".join(lines)
