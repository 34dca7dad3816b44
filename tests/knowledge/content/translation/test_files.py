"""Reading translation folders: answers with provenance, short texts, and mistakes reported by file and line."""

from knowledge.content.translation.files import load_translations, source_hash


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def found(issues):
    return [(issue.path.name, issue.line, issue.field, issue.message) for issue in issues]


def test_the_source_hash_is_12_hex_digits_of_sha256_and_changes_with_the_text():
    assert source_hash("免除を申請できます。") == source_hash("免除を申請できます。")
    assert len(source_hash("x")) == 12 and int(source_hash("x"), 16) >= 0
    assert source_hash("免除を申請できます。") != source_hash("免除を申請できます")


def test_answers_and_short_texts_are_read_per_language(tmp_path):
    write(
        tmp_path / "vi" / "sample.yml",
        "- id: exemption-overview\n  translated_from: ja\n  source_hash: abc123abc123\n  answer: >-\n"
        "    Quý vị có thể\n    xin miễn.\n",
    )
    write(tmp_path / "vi" / "_texts.yml", '- ja: "テストのページ"\n  vi: "Trang thử nghiệm"\n')
    translations, issues = load_translations(tmp_path)
    assert issues == []
    answer = translations["vi"].answers["exemption-overview"]
    assert (answer.text, answer.translated_from, answer.source_hash) == (
        "Quý vị có thể xin miễn.",
        "ja",
        "abc123abc123",
    )
    assert (answer.file.name, answer.line, answer.answer_line) == ("sample.yml", 1, 4)
    assert translations["vi"].short_texts == {"テストのページ": "Trang thử nghiệm"}
    assert translations["vi"].short_text_lines["テストのページ"][1] == 2


def test_no_translations_folder_means_no_translations(tmp_path):
    assert load_translations(tmp_path / "absent") == ({}, [])


def test_mistakes_name_file_line_and_field(tmp_path):
    write(
        tmp_path / "ko" / "sample.yml",
        "- id: a-entry\n  translated_from: en\n  source_hash: 1\n  answer: x\n"
        "- id: b-entry\n  answer: y\n  note: z\n"
        "- id: a-entry\n  translated_from: ja\n  source_hash: abc\n  answer: again\n",
    )
    write(tmp_path / "ko" / "_texts.yml", '- ja: "ページ"\n  ko: ""\n- ja: "ページ"\n  en: "Page"\n')
    write(tmp_path / "xx" / "sample.yml", "[]\n")
    write(tmp_path / "zh" / "broken.yml", "- id: [\n")
    translations, issues = load_translations(tmp_path)
    assert found(issues) == [
        ("_texts.yml", 2, "[0].ko", "must not be empty"),
        ("_texts.yml", 4, "[1].en", "unknown field 'en'; expected one of ja, ko"),
        ("_texts.yml", 3, "[1].ko", "is required"),
        ("sample.yml", 2, "a-entry.translated_from", "translations are made from 'ja', not 'en'"),
        (
            "sample.yml",
            3,
            "a-entry.source_hash",
            'write the hash in quotes (source_hash: "1"): YAML reads digits as a number',
        ),
        (
            "sample.yml",
            7,
            "b-entry.note",
            "unknown field 'note'; expected one of answer, id, source_hash, translated_from",
        ),
        ("sample.yml", 5, "b-entry.translated_from", "is required"),
        ("sample.yml", 5, "b-entry.source_hash", "is required"),
        ("xx", 0, "", "'xx' is not a language to translate into; expected one of en zh ko es pt vi tl th id ne"),
        ("broken.yml", 2, "", "while parsing a flow node did not find expected node content"),
    ]
    assert list(translations["ko"].answers) == ["a-entry"] and translations["ko"].answers["a-entry"].text == "again"
    assert "xx" not in translations
