"""`python -m knowledge translations`: what each language lacks, with what a translator needs to fix it."""

import io
import json

from knowledge import cli
from knowledge.content.loader import load_knowledge
from knowledge.content.translation.files import source_hash
from knowledge.content.translation.report import render_translation_status
from knowledge.content.translation.status import translation_status


def add(knowledge_dir, language, entry_id, text, hashed):
    folder = knowledge_dir / "translations" / language
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "sample.yml").open("a", encoding="utf-8") as out:
        out.write(f"- id: {entry_id}\n  translated_from: ja\n  source_hash: {hashed}\n  answer: {text}\n")


def test_each_language_counts_translated_stale_differing_and_missing(knowledge_dir):
    add(knowledge_dir, "vi", "exemption-overview", "Quý vị có thể xin miễn.", source_hash("免除を申請できます。"))
    add(knowledge_dir, "vi", "student-special", "Quý vị có thể nộp đơn.", "0000aaaa0000")
    add(
        knowledge_dir,
        "vi",
        "nenkin-net-register",
        "Đăng ký trong 3 ngày.",
        source_hash("アクセスキーかマイナポータルで登録できます。"),
    )
    statuses = translation_status(load_knowledge(knowledge_dir), knowledge_dir)
    vi = statuses["vi"]
    assert (vi.entries, vi.translated, vi.stale, vi.differing, vi.missing) == (
        3, 1, ["student-special"], ["nenkin-net-register"], []
    )  # fmt: skip
    assert not vi.complete and {issue.line for issue in vi.issues} >= {5, 12}
    th = statuses["th"]
    assert th.translated == 0 and [m.entry_id for m in th.missing] == [
        "exemption-overview", "student-special", "nenkin-net-register"
    ]  # fmt: skip
    assert (
        th.missing[0].source_hash == source_hash("免除を申請できます。") and th.missing[0].faq_file.name == "sample.yml"
    )
    assert "ja" not in statuses and statuses["en"].translated == 3 and statuses["en"].short_texts_missing == []


def test_the_report_tells_a_translator_where_and_what_to_write(knowledge_dir):
    statuses = translation_status(load_knowledge(knowledge_dir), knowledge_dir)
    text = render_translation_status([statuses["th"]], knowledge_dir)
    assert text.splitlines()[0].startswith("language  translated  stale")
    assert "th           0/3" in text
    hashed = source_hash("免除を申請できます。")
    assert (
        f"missing: exemption-overview has no th answer; add it to translations/th/sample.yml with translated_from: ja, "
        f"source_hash: {hashed}" in text
    )
    assert "translations/th/_texts.yml: missing: no th translation of 'テスト窓口'" in text


def test_the_command_exits_one_until_a_language_is_complete(knowledge_dir):
    out = io.StringIO()
    assert cli.main(["translations", str(knowledge_dir), "--language", "th", "--json"], stdout=out) == 1
    [th] = json.loads(out.getvalue())["languages"]
    assert th["language"] == "th" and len(th["missing"]) == 3
    out = io.StringIO()
    assert cli.main(["translations", str(knowledge_dir), "--language", "en"], stdout=out) == 0
    assert "en           3/3" in out.getvalue() and "all translations complete and checked" in out.getvalue()
