from pathlib import Path

import pytest

from knowledge.content.yaml_source import LocatedDict, LocatedList, YamlSyntaxError, line_of, load_yaml


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_containers_remember_lines(tmp_path):
    doc = load_yaml(write(tmp_path, "# comment\n- id: a\n  questions:\n    - one\n    - two\n- id: b\n"))
    assert isinstance(doc, LocatedList) and isinstance(doc[0], LocatedDict)
    assert line_of(doc, 0) == 2
    assert line_of(doc, 1) == 6
    assert line_of(doc[0], "questions") == 3
    assert line_of(doc[0]["questions"], 1) == 5


def test_line_of_falls_back_to_container_line(tmp_path):
    doc = load_yaml(write(tmp_path, "a: 1\nb:\n  c: 2\n"))
    assert line_of(doc["b"], "missing") == 3
    assert line_of("plain string", default=7) == 7


def test_duplicate_keys_are_refused_with_both_lines(tmp_path):
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(write(tmp_path, "id: a\ntopic: x\nid: b\n"))
    assert err.value.line == 3
    assert "duplicate key 'id'" in err.value.message and "line 1" in err.value.message


def test_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, "- id: a\n  questions: [unclosed\n- id: b\n")
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(path)
    assert err.value.path == path
    assert err.value.line in (3, 4)
    assert str(path) in str(err.value)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_bytes(b"- id: a\n- id: \xff\xfe\n")
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(path)
    assert err.value.line == 2
    assert "UTF-8" in err.value.message


def test_unsafe_tags_are_rejected(tmp_path):
    with pytest.raises(YamlSyntaxError):
        load_yaml(write(tmp_path, "!!python/object/apply:os.system ['echo hi']\n"))


def test_an_impossible_date_is_a_syntax_error_at_its_line(tmp_path):
    import pytest

    from knowledge.content.yaml_source import YamlSyntaxError, load_yaml

    path = tmp_path / "entry.yml"
    path.write_text("- id: x\n  last_reviewed: 2026-13-01\n", encoding="utf-8")
    with pytest.raises(YamlSyntaxError) as error:
        load_yaml(path)
    assert error.value.line == 2 and "'2026-13-01' is not a valid date" in str(error.value)
