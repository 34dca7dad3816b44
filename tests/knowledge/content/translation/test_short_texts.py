"""Short texts (titles, publishers, line names, hours, labels) take their translations by Japanese wording."""

from knowledge.content.loader import load_knowledge


def catalog(knowledge_dir, language, pairs):
    folder = knowledge_dir / "translations" / language
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_texts.yml").write_text(
        "".join(f'- ja: "{ja}"\n  {language}: "{text}"\n' for ja, text in pairs), encoding="utf-8"
    )
    (folder / "sample.yml").write_text("[]\n", encoding="utf-8")
    return folder / "_texts.yml"


def test_every_short_text_with_that_japanese_wording_is_translated(knowledge_dir):
    catalog(
        knowledge_dir,
        "zh",
        [
            ("テスト窓口", "测试专线"),
            ("日本年金機構", "日本年金机构"),
            ("テストのページ", "测试页面"),
            ("保険料の免除", "保险费免除"),
        ],
    )
    knowledge = load_knowledge(knowledge_dir).knowledge
    line = knowledge.contact_lines["main_line"]
    assert line.name["zh"] == "测试专线" and line.sources[0].title["zh"] == "测试专线"
    source = knowledge.entry("exemption-overview").sources[0]
    assert (source.title["zh"], source.publisher["zh"]) == ("测试页面", "日本年金机构")
    assert knowledge.topics["exemption"].label["zh"] == "保险费免除"
    assert knowledge.offices["local_office"].directory.publisher["zh"] == "日本年金机构"


def test_missing_and_unused_short_texts_are_counted_per_language(knowledge_dir):
    catalog(knowledge_dir, "ko", [("テスト窓口", "테스트 창구"), ("もう使わない", "더 이상 안 씀")])
    result = load_knowledge(knowledge_dir)
    assert "もう使わない" in result.short_texts.unused["ko"]
    assert "テスト窓口" not in result.short_texts.missing["ko"] and "平日" in result.short_texts.missing["ko"]
    assert "平日" in result.short_texts.missing["th"]  # a language with no folder lacks every text
    messages = [issue.message for issue in result.issues if issue.path.name == "_texts.yml"]
    assert any("short text(s) have no ko translation" in message for message in messages)
    assert any("no longer used by any knowledge file (e.g. 'もう使わない')" in message for message in messages)


def test_a_short_text_with_other_facts_is_an_error_and_not_used(knowledge_dir):
    hours = knowledge_dir / "contacts.yml"
    hours.write_text(
        hours.read_text(encoding="utf-8").replace(
            "{ja: 平日, en: weekdays}", "{ja: 平日8:30〜17:15, en: weekdays 8:30–17:15}"
        ),
        encoding="utf-8",
    )
    path = catalog(knowledge_dir, "es", [("平日8:30〜17:15", "días laborables 8:30–17:00")])
    result = load_knowledge(knowledge_dir)
    [error] = result.errors
    assert (error.path, error.line, error.field) == (path, 2, "es")
    assert "lacks 17:15 (ja: 17:15); adds 17:00 (es: 17:00)" in error.message
    assert "es" not in result.knowledge.contact_lines["main_line"].hours.summary


def test_publishers_of_official_sites_no_source_cites_yet_are_translated_too(knowledge_dir):
    (knowledge_dir / "official_sites.yml").write_text(
        "- domain: mofa.go.jp\n  publisher: {ja: 外務省, en: Ministry of Foreign Affairs}\n", encoding="utf-8"
    )
    catalog(knowledge_dir, "vi", [("外務省", "Bộ Ngoại giao")])
    result = load_knowledge(knowledge_dir)
    assert "外務省" not in result.short_texts.unused["vi"]
    assert "外務省" in result.short_texts.missing["ko"]
