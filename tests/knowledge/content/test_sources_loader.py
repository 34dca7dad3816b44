from pathlib import Path

import pytest

from knowledge.content.field_reader import FieldReader
from knowledge.content.loader import load_knowledge
from knowledge.content.official_sites import OfficialSites
from knowledge.content.schema import Source
from knowledge.content.sources_loader import load_official_sites, read_sources
from knowledge.content.yaml_source import load_yaml

JPS = {"ja": "日本年金機構", "en": "Japan Pension Service"}
SITES = OfficialSites({"nenkin.go.jp": JPS})
SHIPPED = Path(__file__).resolve().parents[3] / "knowledge" / "official_sites.yml"

SITES_FILE = """\
- domain: nenkin.go.jp
  publisher: {ja: 日本年金機構, en: Japan Pension Service}
- domain: MHLW.go.jp
  publisher: {ja: 厚生労働省, en: "Ministry of Health, Labour and Welfare"}
"""


def write(tmp_path: Path, text: str, name: str = "official_sites.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def found(issues):
    return [(issue.line, issue.field, issue.message) for issue in issues]


def read(tmp_path: Path, text: str, sites: OfficialSites = SITES):
    """``read_sources`` on the ``source:`` field of a one-entry YAML document."""
    path = write(tmp_path, "id: exemption-overview\n" + text, "entry.yml")
    reader = FieldReader(path)
    sources = read_sources(reader, load_yaml(path), "source", "exemption-overview", sites)
    return sources, reader.issues


# official_sites.yml


def test_shipped_official_sites_parse_without_issues():
    sites, issues = load_official_sites(SHIPPED)
    assert issues == []
    assert sites.publishers["nenkin.go.jp"] == JPS
    assert sites.check("https://www.mhlw.go.jp/index.html").publisher["en"] == "Ministry of Health, Labour and Welfare"


def test_official_sites_are_read_with_domains_lowercased(tmp_path):
    sites, issues = load_official_sites(write(tmp_path, SITES_FILE))
    assert issues == []
    assert sites.publishers == {
        "nenkin.go.jp": JPS,
        "mhlw.go.jp": {"ja": "厚生労働省", "en": "Ministry of Health, Labour and Welfare"},
    }


def test_a_missing_official_sites_file_is_an_empty_table_without_issues(tmp_path):
    assert load_official_sites(tmp_path / "official_sites.yml") == (OfficialSites(), [])


@pytest.mark.parametrize("second", ["nenkin.go.jp", "NENKIN.GO.JP"])
def test_a_domain_listed_twice_is_reported_at_its_second_line(tmp_path, second):
    text = SITES_FILE + f"- domain: {second}\n  publisher: {{ja: 機構, en: JPS}}\n"
    path = write(tmp_path, text)
    _, issues = load_official_sites(path)
    assert found(issues) == [(5, "nenkin.go.jp.domain", "nenkin.go.jp is listed twice")]
    assert issues[0].path == path


def test_official_sites_that_are_not_a_list_are_reported_at_line_1(tmp_path):
    sites, issues = load_official_sites(write(tmp_path, "domain: nenkin.go.jp\npublisher: {ja: 機構, en: JPS}\n"))
    assert sites == OfficialSites()
    assert found(issues) == [(1, "", "expected a list of sites (each starting with '- domain:')")]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("- domain: [nenkin.go.jp\n  publisher: {ja: 機構, en: JPS}\n", 2, "expected ',' or ']'"),
        ("- domain: nenkin.go.jp\n  domain: mhlw.go.jp\n", 2, "found duplicate key 'domain' (first at line 1)"),
    ],
)
def test_a_syntax_error_in_official_sites_names_file_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path, text)
    sites, issues = load_official_sites(path)
    assert sites == OfficialSites()
    (issue,) = issues
    assert (issue.path, issue.line, issue.field) == (path, line, "")
    assert fragment in issue.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- nenkin.go.jp\n", (1, "[0]", "expected a mapping of keys to values, got str")),
        ("- publisher: {ja: 機構, en: JPS}\n", (1, "[0].domain", "is required")),
        (
            "- domain: nenkin.go.jp\n  publisher: {ja: 機構}\n",
            (2, "nenkin.go.jp.publisher", "missing required language 'en'"),
        ),
        ("- domain: nenkin.go.jp\n", (1, "nenkin.go.jp.publisher", "is required (with ja, en)")),
        (
            "- domain: nenkin.go.jp\n  publisher: {ja: 機構, en: JPS}\n  site: www\n",
            (3, "[0].site", "unknown field 'site'; expected one of domain, publisher"),
        ),
    ],
)
def test_a_bad_site_entry_is_reported_with_line_and_field(tmp_path, text, expected):
    _, issues = load_official_sites(write(tmp_path, text))
    assert found(issues) == [expected]


# source: fields


def test_a_list_of_pages_is_read_with_the_publisher_from_the_table(tmp_path):
    sources, issues = read(
        tmp_path,
        """\
source:
  - title: {ja: 国民年金保険料の追納制度, en: Paying exempted premiums later}
    url: https://www.nenkin.go.jp/service/kokunen/menjo/20150331.html
    report: "FY2021 report Ⅰ-1(3)③"
  - title: {ja: 国民年金保険料, en: National Pension premiums}
    publisher: {ja: 筑後市, en: Chikugo City}
    url: https://www.city.chikugo.lg.jp/kurashi/_6082/_2165.html
""",
    )
    assert issues == []
    assert sources == (
        Source(
            title={"ja": "国民年金保険料の追納制度", "en": "Paying exempted premiums later"},
            url="https://www.nenkin.go.jp/service/kokunen/menjo/20150331.html",
            publisher=JPS,
            report="FY2021 report Ⅰ-1(3)③",
        ),
        Source(
            title={"ja": "国民年金保険料", "en": "National Pension premiums"},
            url="https://www.city.chikugo.lg.jp/kurashi/_6082/_2165.html",
            publisher={"ja": "筑後市", "en": "Chikugo City"},
        ),
    )


def test_a_single_mapping_is_accepted_as_a_one_page_list(tmp_path):
    sources, issues = read(
        tmp_path, "source: {title: {ja: ページ, en: Page}, url: 'https://www.nenkin.go.jp/page.html'}\n"
    )
    assert issues == []
    assert sources == (Source({"ja": "ページ", "en": "Page"}, "https://www.nenkin.go.jp/page.html", JPS),)


def test_a_publisher_written_in_the_entry_wins_over_the_table(tmp_path):
    sources, issues = read(
        tmp_path,
        "source: [{title: {ja: ページ, en: Page}, publisher: {ja: 機構, en: JPS}, "
        "url: 'https://www.nenkin.go.jp/page.html'}]\n",
    )
    assert issues == []
    assert sources[0].publisher == {"ja": "機構", "en": "JPS"}


def test_a_source_written_as_text_is_rejected_with_a_pointer_to_the_guide(tmp_path):
    sources, issues = read(tmp_path, "source: FY2021 annual report\n")
    assert sources is None
    assert found(issues) == [
        (
            2,
            "exemption-overview.source",
            "expected a list of pages with title and url, got text 'FY2021 annual report'; "
            "cite the official page residents can open (see docs/content-guide.md)",
        )
    ]


def test_a_missing_source_is_required(tmp_path):
    sources, issues = read(tmp_path, "topic: exemption\n")
    assert sources is None
    assert found(issues) == [
        (1, "exemption-overview.source", "is required: the official page(s) the facts come from (title, url)")
    ]


@pytest.mark.parametrize("value", ["[]", "42"])
def test_an_empty_or_scalar_source_is_rejected(tmp_path, value):
    sources, issues = read(tmp_path, f"source: {value}\n")
    assert sources is None
    assert found(issues) == [(2, "exemption-overview.source", "expected a non-empty list of pages with title and url")]


def test_a_page_on_a_site_the_table_does_not_know_must_name_its_publisher(tmp_path):
    sources, issues = read(
        tmp_path,
        "source:\n  - title: {ja: 保険料, en: Premiums}\n    url: https://www.city.chikugo.lg.jp/kurashi/_2165.html\n",
    )
    assert sources is None
    assert found(issues) == [
        (
            4,
            "exemption-overview.source[0].publisher",
            "is required for this site (who publishes the page, e.g. {ja: 筑後市, en: Chikugo City})",
        )
    ]


def test_a_title_missing_a_required_language_rejects_the_sources(tmp_path):
    sources, issues = read(tmp_path, "source:\n  - title: {ja: ページ}\n    url: https://www.nenkin.go.jp/page.html\n")
    assert sources is None
    assert found(issues) == [(3, "exemption-overview.source[0].title", "missing required language 'en'")]


def test_a_missing_title_is_required_in_ja_and_en(tmp_path):
    sources, issues = read(tmp_path, "source:\n  - url: https://www.nenkin.go.jp/page.html\n")
    assert sources is None
    assert found(issues) == [(3, "exemption-overview.source[0].title", "is required (with ja, en)")]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://www.nenkin.go.jp/page.html", "'http://www.nenkin.go.jp/page.html' must use https://"),
        (
            "docs/menjo.pdf",
            "'docs/menjo.pdf' is not a web address; cite the official page residents can open (https://…)",
        ),
        (
            "https://example.com/page.html",
            "example.com is not an official site; cite nenkin.go.jp, mhlw.go.jp, another *.go.jp page, "
            "a municipality's page, or add the site to official_sites.yml",
        ),
    ],
)
def test_an_address_that_is_not_official_is_reported_at_the_url_line(tmp_path, url, message):
    sources, issues = read(tmp_path, f"source:\n  - title: {{ja: ページ, en: Page}}\n    url: {url}\n")
    assert sources is None
    assert found(issues) == [(4, "exemption-overview.source[0].url", message)]


def test_one_bad_page_rejects_the_whole_field_and_is_numbered(tmp_path):
    sources, issues = read(
        tmp_path,
        """\
source:
  - {title: {ja: ページ, en: Page}, url: 'https://www.nenkin.go.jp/page.html'}
  - {title: {ja: ページ, en: Page}, url: 'http://www.nenkin.go.jp/page.html'}
""",
    )
    assert sources is None
    assert [(line, field) for line, field, _ in found(issues)] == [(4, "exemption-overview.source[1].url")]


def test_a_page_that_is_not_a_mapping_is_reported_at_its_line(tmp_path):
    sources, issues = read(tmp_path, "source:\n  - https://www.nenkin.go.jp/page.html\n")
    assert sources is None
    assert found(issues) == [(3, "exemption-overview.source[0]", "expected a mapping of keys to values, got str")]


def test_an_unknown_page_field_is_reported_with_a_suggestion(tmp_path):
    sources, issues = read(
        tmp_path, "source:\n  - titel: {ja: ページ, en: Page}\n    url: https://www.nenkin.go.jp/page.html\n"
    )
    assert sources is None
    assert (3, "exemption-overview.source[0].titel", "unknown field 'titel'; did you mean 'title'?") in found(issues)


def test_a_faq_entry_on_an_unofficial_site_stops_the_load_with_file_and_line(knowledge_dir):
    sample = knowledge_dir / "faq" / "sample.yml"
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("https://www.nenkin.go.jp/test.html", "https://example.com/test.html", 1), "utf-8")
    result = load_knowledge(knowledge_dir)
    assert [issue.format(knowledge_dir) for issue in result.errors] == [
        "faq/sample.yml:13: error: exemption-overview.source[0].url: example.com is not an official site; "
        "cite nenkin.go.jp, mhlw.go.jp, another *.go.jp page, a municipality's page, "
        "or add the site to official_sites.yml"
    ]


def test_official_sites_yml_lets_entries_omit_the_publisher(knowledge_dir):
    (knowledge_dir / "official_sites.yml").write_text(SITES_FILE, encoding="utf-8")
    sample = knowledge_dir / "faq" / "sample.yml"
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("publisher: {ja: 日本年金機構, en: Japan Pension Service}, ", ""), "utf-8")
    result = load_knowledge(knowledge_dir)
    assert result.errors == []
    assert result.knowledge.entry("exemption-overview").sources[0].publisher == JPS
