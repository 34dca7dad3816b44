"""Query expansion with romanised spellings of Japanese terms."""

from knowledge.content.glossary import Glossary

GLOSSARY = Glossary(
    {"menjo": "免除", "nenkin net": "ねんきんネット", "gakutoku": "学生納付特例", "nofu yuyo": "納付猶予"}
)


def test_spellings_add_their_japanese_terms_once_in_order():
    assert GLOSSARY.expand("Paano mag-apply ng menjo?") == "Paano mag-apply ng menjo? (免除)"
    assert GLOSSARY.expand("GAKUTOKU or Menjo, menjo?") == "GAKUTOKU or Menjo, menjo? (学生納付特例 免除)"


def test_whole_words_only_and_longest_spelling_first():
    assert GLOSSARY.expand("menjoku") == "menjoku"
    assert GLOSSARY.expand("nenkin net ID") == "nenkin net ID (ねんきんネット)"
    assert GLOSSARY.expand("nofu yuyo là gì") == "nofu yuyo là gì (納付猶予)"


def test_japanese_text_and_text_that_already_has_the_term_are_unchanged():
    assert GLOSSARY.expand("ねんきんネット menjo") == "ねんきんネット menjo"
    assert GLOSSARY.expand("免除 menjo 申请") == "免除 menjo 申请"
    assert GLOSSARY.expand("pension exemption") == "pension exemption"


def test_empty_glossary_changes_nothing():
    assert Glossary().expand("menjo") == "menjo"
