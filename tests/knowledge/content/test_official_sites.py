import pytest

from knowledge.content.official_sites import OfficialSites, SiteCheck

JPS = {"ja": "日本年金機構", "en": "Japan Pension Service"}
KOKUNEN = {"ja": "国民年金（日本年金機構）", "en": "National Pension (Japan Pension Service)"}
EMBASSY = {"ja": "在日大使館", "en": "The embassy"}

SITES = OfficialSites({"nenkin.go.jp": JPS, "kokunen.nenkin.go.jp": KOKUNEN, "embassy.example.org": EMBASSY})


def not_official(host: str) -> str:
    return (
        f"{host} is not an official site; cite nenkin.go.jp, mhlw.go.jp, another *.go.jp page, "
        "a municipality's page, or add the site to official_sites.yml"
    )


@pytest.mark.parametrize(
    ("url", "publisher"),
    [
        ("https://www.nenkin.go.jp/service/kokunen/menjo/20150331.html", JPS),
        ("https://nenkin.go.jp/", JPS),
        ("https://WWW.NENKIN.GO.JP/service/index.html", JPS),
        ("https://www.nenkin.go.jp:443/service/index.html?lang=en#top", JPS),
        ("https://embassy.example.org/pension.html", EMBASSY),
        ("https://consular.embassy.example.org/pension.html", EMBASSY),
    ],
)
def test_a_page_on_a_listed_site_or_its_subdomain_is_official_with_the_listed_publisher(url, publisher):
    assert SITES.check(url) == SiteCheck(None, publisher)


@pytest.mark.parametrize(
    "url",
    [
        "https://kokunen.nenkin.go.jp/menjo.html",
        "https://www.kokunen.nenkin.go.jp/menjo.html",
    ],
)
def test_the_publisher_comes_from_the_longest_listed_domain_the_host_belongs_to(url):
    assert SITES.check(url).publisher == KOKUNEN


@pytest.mark.parametrize(
    "url",
    [
        "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/nenkin/index.html",
        "https://www.city.chikugo.lg.jp/kurashi/_6082/_2165.html",
        "https://www.pref.fukuoka.lg.jp/contents/nenkin.html",
        "https://www.city.shinagawa.tokyo.jp/PC/procedure/procedure-nenkin/20200529093517.html",
        "https://www.city.fuji.shizuoka.jp/1025250000/p000456.html",
        "https://city.sapporo.jp/kurashi/nenkin.html",
        "https://www.town.example-cho.hokkaido.jp/nenkin.html",
        "https://www.vill.example.nagano.jp/nenkin.html",
        "https://www.pref.kyoto.jp/nenkin.html",
    ],
)
def test_other_government_and_municipal_sites_are_official_without_a_known_publisher(url):
    assert SITES.check(url) == SiteCheck(None, None)


def test_a_look_alike_go_jp_host_is_not_given_the_publisher_of_the_listed_domain_it_ends_with():
    assert SITES.check("https://fakenenkin.go.jp/menjo.html") == SiteCheck(None, None)


@pytest.mark.parametrize(
    "url",
    [
        "www.nenkin.go.jp/service/index.html",
        "/docs/menjo-guide.pdf",
        "C:\\Users\\staff\\menjo.pdf",
        "FY2021 annual report I-1(3)",
    ],
)
def test_a_file_path_or_bare_name_is_not_a_source(url):
    assert SITES.check(url) == SiteCheck(
        f"{url!r} is not a web address; cite the official page residents can open (https://…)"
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://www.nenkin.go.jp/service/index.html",
        "file:///home/staff/menjo.pdf",
        "ftp://www.nenkin.go.jp/menjo.pdf",
    ],
)
def test_an_address_that_is_not_https_is_rejected(url):
    assert SITES.check(url) == SiteCheck(f"{url!r} must use https://")


@pytest.mark.parametrize("url", ["https://", "https:///service/index.html"])
def test_an_address_without_a_site_name_is_rejected(url):
    assert SITES.check(url) == SiteCheck(f"{url!r} has no site name")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.com/pension.html", "example.com"),
        ("https://www.nenkin.go.jp.example.com/menjo.html", "www.nenkin.go.jp.example.com"),
        ("https://www.nenkin.go.jp@example.com/menjo.html", "example.com"),
        ("https://example.com/?next=https://www.nenkin.go.jp/", "example.com"),
        ("https://go.jp/", "go.jp"),
        ("https://city.example.com/nenkin.html", "city.example.com"),
        ("https://cityhall.chikugo.jp/nenkin.html", "cityhall.chikugo.jp"),
        ("https://notembassy.example.org/pension.html", "notembassy.example.org"),
        ("https://nenkin.example.jp/", "nenkin.example.jp"),
    ],
)
def test_a_site_that_is_neither_listed_nor_governmental_is_not_official(url, host):
    assert SITES.check(url) == SiteCheck(not_official(host))


def test_with_no_table_only_government_and_municipal_sites_are_official():
    sites = OfficialSites()
    assert sites.check("https://www.nenkin.go.jp/index.html") == SiteCheck(None, None)
    assert sites.check("https://embassy.example.org/pension.html").problem == not_official("embassy.example.org")
