"""The per-language quality table: answered, facts checked, and read as the language written in."""

from knowledge.content.loader import load_knowledge
from knowledge.content.translation.files import source_hash
from knowledge.text.translation_quality import render_quality_markdown, translation_quality


def translate(knowledge_dir, language, entry_id, japanese, text):
    folder = knowledge_dir / "translations" / language
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "sample.yml").open("a", encoding="utf-8") as out:
        out.write(
            f"- id: {entry_id}\n  translated_from: ja\n  source_hash: {source_hash(japanese)}\n  answer: {text}\n"
        )


def test_each_language_reports_answers_facts_and_language_agreement(knowledge_dir):
    translate(
        knowledge_dir, "vi", "exemption-overview", "免除を申請できます。", "Quý vị có thể nộp đơn xin miễn đóng phí."
    )
    translate(knowledge_dir, "th", "exemption-overview", "免除を申請できます。", "You can apply for an exemption here.")
    rows = {row.language: row for row in translation_quality(load_knowledge(knowledge_dir), knowledge_dir)}
    assert list(rows)[:2] == ["ja", "en"] and len(rows) == 11
    assert (rows["vi"].translated, rows["vi"].detected, rows["vi"].misread) == (1, 1, ())
    assert rows["th"].misread == (("exemption-overview", "en"),)  # an English text filed as Thai
    assert rows["en"].translated == 3 and rows["ne"].translated == 0
    table = render_quality_markdown(list(rows.values()))
    assert "| vi | 1/3 | 0 | 0 | 0 | 1/1 |" in table and "| ja | 3/3 | — (source) |" in table
    assert "- exemption-overview (th) reads as en" in table


def test_facts_checked_count_the_japanese_facts_each_translation_states(knowledge_dir):
    faq = knowledge_dir / "faq" / "sample.yml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("ja: 免除を申請できます。", "ja: 2年以内に免除を申請できます。")
    )
    faq.write_text(faq.read_text(encoding="utf-8").replace("You can apply for an exemption.", "Apply within 2 years."))
    translate(
        knowledge_dir, "es", "exemption-overview", "2年以内に免除を申請できます。", "Puede solicitarla en 2 años."
    )
    rows = {row.language: row for row in translation_quality(load_knowledge(knowledge_dir), knowledge_dir)}
    assert rows["es"].facts_checked == 1 and rows["en"].facts_checked == 1
