"""Problems found in knowledge files, each pinned to a file, line and field."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

__all__ = ["Issue", "KnowledgeError", "Severity"]


class Severity(str, Enum):
    """Errors block loading and fail the validator; warnings are reported only."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One finding about a knowledge file.

    Attributes:
        path: The file concerned.
        line: 1-based line, 0 when the whole file is meant.
        field: Dotted location inside the document, e.g. ``exemption-overview.answer.en``.
        message: What is wrong and what was expected.
        severity: Error or warning.
    """

    path: Path
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self, root: Path | None = None) -> str:
        """``file:line: severity: field: message``, with the path relative to ``root`` when possible."""
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                path = self.path.resolve().relative_to(root.resolve())
        location = f"{path}:{self.line}" if self.line else str(path)
        where = f" {self.field}:" if self.field else ""
        return f"{location}: {self.severity.value}:{where} {self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form for APIs and machine-readable reports."""
        return {
            "file": str(self.path),
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity.value,
        }


class KnowledgeError(Exception):
    """Raised when knowledge files have errors; carries every issue found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        errors = [issue for issue in issues if issue.severity is Severity.ERROR]
        lines = "\n".join(issue.format() for issue in errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error(s) in the knowledge files:\n{lines}{more}")
