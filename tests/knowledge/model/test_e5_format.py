import struct

import numpy as np
import pytest

from knowledge.model.e5_format import E5FormatError, dequantize_q4_0, read_e5_file
from tests.knowledge.model.e5_writer import quantize_q4_0, write_e5


def test_dequantize_q4_0_nibble_layout():
    # scale 0.5; byte j holds weight j (low nibble) and weight j + 16 (high nibble)
    qs = bytes([(j % 16) | ((15 - j % 16) << 4) for j in range(16)])
    block = struct.pack("<e", 0.5) + qs
    values = dequantize_q4_0(block, 32)
    assert values.dtype == np.float32
    assert values[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert values[16:].tolist() == [(7 - j) * 0.5 for j in range(16)]


def test_dequantize_rejects_partial_blocks():
    with pytest.raises(E5FormatError, match="multiple of 32"):
        dequantize_q4_0(b"", 33)


def test_quantize_dequantize_is_close():
    weights = np.random.default_rng(1).normal(size=64).astype(np.float32)
    restored = dequantize_q4_0(quantize_q4_0(weights), 64)
    assert np.max(np.abs(restored - weights)) <= np.max(np.abs(weights)) / 8 + 1e-3


def test_reads_header_vocabulary_normalisation_and_tensors(tmp_path):
    path = tmp_path / "m.bin"
    tensors = write_e5(path)
    e5 = read_e5_file(path)
    assert (e5.hyper.hidden, e5.hyper.layers, e5.hyper.heads, e5.hyper.intermediate) == (32, 1, 2, 64)
    assert e5.hyper.layer_norm_eps == 1e-12
    assert e5.vocabulary.pieces == ["<s>", "<pad>", "</s>", "<unk>", "▁a", "▁b"]
    assert (e5.vocabulary.bos, e5.vocabulary.eos, e5.vocabulary.pad, e5.vocabulary.unk) == (0, 2, 1, 3)
    assert e5.vocabulary.normalization == {0x1: "", 0x9: " ", 0xFF21: "A", 0xFF41: "a"}
    np.testing.assert_array_equal(e5.tensors["emb.pos"], tensors["emb.pos"][1].reshape(-1))
    word = tensors["emb.word"][1].reshape(-1)
    assert np.max(np.abs(e5.tensors["emb.word"] - word)) < np.max(np.abs(word)) / 8 + 1e-3


def test_bad_magic(tmp_path):
    path = tmp_path / "m.bin"
    write_e5(path, magic=b"GGUF")
    with pytest.raises(E5FormatError, match="bad magic"):
        read_e5_file(path)


def test_truncated_file_says_where(tmp_path):
    path = tmp_path / "m.bin"
    write_e5(path)
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(E5FormatError, match=r"truncated at byte \d+"):
        read_e5_file(path)


def test_tensor_past_end_of_file(tmp_path):
    path = tmp_path / "m.bin"
    write_e5(path)
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(E5FormatError, match="runs past the end"):
        read_e5_file(path)
