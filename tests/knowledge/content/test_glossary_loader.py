"""Reading knowledge/glossary.yml."""

from knowledge.content.glossary_loader import load_glossary
from knowledge.settings import PROJECT_ROOT


def _load(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return load_glossary(path)


def test_terms_and_spellings(tmp_path):
    glossary, issues = _load(tmp_path, "免除: [menjo, Menjyo]\n追納: tsuino\n")
    assert issues == []
    assert glossary.terms == {"menjo": "免除", "menjyo": "免除", "tsuino": "追納"}


def test_missing_file_is_an_empty_glossary(tmp_path):
    glossary, issues = load_glossary(tmp_path / "glossary.yml")
    assert glossary.terms == {} and issues == []


def test_problems_name_their_line(tmp_path):
    _, issues = _load(tmp_path, "免除: [menjo]\n追納: [menjo, '']\n納付猶予: 5\n")
    messages = sorted((issue.line, issue.message) for issue in issues)
    assert any(line == 2 and "already stands for 免除" in message for line, message in messages)
    assert any(line == 2 and "must not be empty" in message for line, message in messages)
    assert any(line == 3 and "expected a list" in message for line, message in messages)


def test_syntax_error_names_the_line(tmp_path):
    _, issues = _load(tmp_path, "免除: [menjo\n追納: x\n")
    assert len(issues) == 1 and issues[0].line >= 1


def test_shipped_glossary_is_valid_and_has_no_general_words():
    glossary, issues = load_glossary(PROJECT_ROOT / "knowledge" / "glossary.yml")
    assert issues == []
    assert {"menjo", "gakutoku", "tsuino", "kurisage", "nenkin net"} <= set(glossary.terms)
    assert "nenkin" not in glossary.terms and "hokenryo" not in glossary.terms
