"""YAML loading that remembers where every value came from.

Staff edit the knowledge files by hand, so every message about them must name
the file and line. PyYAML's safe loader is extended to return mappings and
sequences that carry the line of each item, and to refuse duplicate keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["LocatedDict", "LocatedList", "YamlSyntaxError", "line_of", "load_yaml"]


class YamlSyntaxError(ValueError):
    """A file that is not valid YAML; ``line`` is 1-based."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class LocatedDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LocatedList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


def line_of(container: Any, key: Any = None, default: int = 0) -> int:
    """Line (1-based) of ``container[key]``, or of the container itself when ``key`` is None."""
    if key is None:
        return getattr(container, "line", default) or default
    if isinstance(container, LocatedDict):
        return container.key_lines.get(key, container.line)
    if isinstance(container, LocatedList) and isinstance(key, int) and 0 <= key < len(container.item_lines):
        return container.item_lines[key]
    return getattr(container, "line", default) or default


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (about 10× faster on the FAQ files), else the Python one."""


class _LocatingLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose containers record line numbers and reject duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LocatedDict:  # type: ignore[override]
        self.flatten_mapping(node)
        mapping = LocatedDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping.key_lines:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r} (first at line {mapping.key_lines[key]})",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocatedList:  # type: ignore[override]
        sequence = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
        return sequence

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date or time; an impossible one (``2026-13-01``) is an error at its line, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
            ) from exc


_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _LocatingLoader.construct_yaml_timestamp)
_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _LocatingLoader.construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file into located containers.

    Args:
        path: The file to read (UTF-8).

    Returns:
        The document, with :class:`LocatedDict` / :class:`LocatedList` containers.

    Raises:
        YamlSyntaxError: With the file and line of the first syntax problem.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise YamlSyntaxError(path, line, f"not valid UTF-8 ({exc.reason})") from exc
    try:
        return yaml.load(text, Loader=_LocatingLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlSyntaxError(path, line, problem or str(exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, 1, str(exc)) from exc
