from knowledge.content.loader import load_knowledge
from knowledge.content.not_covered_loader import load_not_covered

VALID = """\
- id: health_insurance
  label: {ja: 健康保険, en: Health insurance}
  questions:
    ja: [保険証をなくしました]
    en: [I lost my health insurance card, lost hokensho]
- id: weather
  label: {ja: 天気, en: Weather}
  questions:
    ja: [明日の天気は]
"""


def found(issues):
    return [(issue.line, issue.field, issue.message) for issue in issues]


def test_subjects_are_read_with_their_questions_per_language(tmp_path):
    path = tmp_path / "not_covered.yml"
    path.write_text(VALID, encoding="utf-8")
    subjects, issues = load_not_covered(path)
    assert issues == []
    assert [subject.id for subject in subjects] == ["health_insurance", "weather"]
    assert subjects[0].questions["en"] == ("I lost my health insurance card", "lost hokensho")
    assert subjects[0].label["en"] == "Health insurance" and subjects[0].line == 1
    assert subjects[0].index_id == "~not-covered:health_insurance"


def test_a_missing_or_empty_file_means_no_subjects(tmp_path):
    assert load_not_covered(tmp_path / "absent.yml") == ((), [])
    (tmp_path / "empty.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert load_not_covered(tmp_path / "empty.yml") == ((), [])


def test_mistakes_are_reported_with_line_and_field(tmp_path):
    path = tmp_path / "not_covered.yml"
    path.write_text(
        VALID
        + "- id: weather\n  label: {ja: 天気, en: Weather}\n  questions: {ja: [雨は]}\n"
        + "- id: tax\n  label: {ja: 税}\n  questions: {en: [tax]}\n  answer: x\n",
        encoding="utf-8",
    )
    subjects, issues = load_not_covered(path)
    assert [subject.id for subject in subjects] == ["health_insurance", "weather"]
    assert found(issues) == [
        (10, "weather.id", "subject 'weather' is defined twice"),
        (16, "tax.answer", "unknown field 'answer'; expected one of id, label, questions"),
        (14, "tax.label", "missing required language 'en'"),
        (15, "tax.questions", "missing required language 'ja'"),
    ]


def test_a_question_the_faq_answers_cannot_be_not_covered(knowledge_dir):
    (knowledge_dir / "not_covered.yml").write_text(
        "- id: odd\n  label: {ja: 例, en: Example}\n  questions:\n    ja: [学特の申請方法]\n", encoding="utf-8"
    )
    result = load_knowledge(knowledge_dir)
    assert [(issue.path.name, issue.line, issue.field) for issue in result.errors] == [
        ("not_covered.yml", 1, "odd.questions.ja")
    ]
    assert "is a question of FAQ entry 'student-special'" in result.errors[0].message


def test_the_loaded_knowledge_carries_the_subjects(knowledge_dir):
    (knowledge_dir / "not_covered.yml").write_text(VALID, encoding="utf-8")
    result = load_knowledge(knowledge_dir)
    assert result.errors == [] and [s.id for s in result.knowledge.not_covered] == ["health_insurance", "weather"]
