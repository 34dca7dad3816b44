from knowledge.content.issues import Severity
from knowledge.retrieval.ambiguity import find_ambiguous_questions
from knowledge.validate import validate


def test_ambiguous_questions_across_entries_are_warnings(knowledge_dir, fake_embedder):
    extra = knowledge_dir / "faq" / "extra.yml"
    extra.write_text(
        "- id: register-again\n  topic: nenkin_net\n  questions:\n    ja:\n      - 別の質問です\n"
        "      - ねんきんネットの登録方法を教えてね\n"
        "  answer: {ja: 答え, en: Answer}\n"
        "  source: [{title: {ja: ページ, en: Page}, publisher: {ja: 日本年金機構, en: Japan Pension Service},"
        " url: 'https://www.nenkin.go.jp/page.html'}]\n"
        "  last_reviewed: 2026-01-01\n",
        encoding="utf-8",
    )
    result = validate(knowledge_dir, fake_embedder, duplicate_threshold=0.8)
    assert result.errors == []
    (warning,) = [issue for issue in result.issues if "(extra.yml:" in issue.message]
    assert warning.severity is Severity.WARNING
    assert warning.path.name == "sample.yml" and warning.line == 36
    assert warning.field == "nenkin-net-register.questions.ja[0]"
    assert "'register-again' (extra.yml:6)" in warning.message


def test_variants_of_the_same_entry_are_not_ambiguous(knowledge_dir, fake_embedder):
    assert validate(knowledge_dir, fake_embedder, duplicate_threshold=0.0).errors == []
    kb = validate(knowledge_dir).knowledge
    issues = find_ambiguous_questions(kb, fake_embedder, threshold=0.0)
    pairs = {(i.field.split(".")[0], i.message.split(" of ")[-1].split(" ")[0]) for i in issues}
    assert len(issues) == 3  # one per pair of entries, not one per pair of questions
    assert all(a != b.strip("'") for a, b in pairs)


def test_issues_are_sorted_by_file_and_line(knowledge_dir):
    (knowledge_dir / "faq" / "a.yml").write_text("- id: x\n", encoding="utf-8")
    (knowledge_dir / "faq" / "z.yml").write_text("- id: y\n", encoding="utf-8")
    paths = [issue.path.name for issue in validate(knowledge_dir).issues]
    assert paths == sorted(paths)
