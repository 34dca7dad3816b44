"""Language identification for short resident messages, in our 11 languages only.

``langdetect`` alone is random on short text, calls kanji-only Japanese
Chinese and knows nothing of our scope. This module decides by script first
(kana → ja, Hangul → ko, Thai → th, Devanagari → ne); settles Han-only text
between Japanese and Chinese by character evidence (which character sets a
character belongs to: simplified-only, traditional-only, Japanese forms) and
vocabulary (Chinese function words, Japanese pension terms); and scores
Latin-script text among our six Latin languages with short-word lexicons,
spelling cues (letters, prefixes, Vietnamese syllables) and langdetect's
probabilities from a detector that knows only those six (seeded, so the result
is deterministic). A confident earlier language carries over a message that
says little about its language ("ok", "1", "no").
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge.languages import LANGUAGES
from knowledge.text.langid_words import CHINESE_WORDS_TEXT, JAPANESE_WORDS_TEXT, LEXICON_TEXT, PHRASES, ROMAJI_TEXT

__all__ = ["CONFIDENT", "LATIN_LANGUAGES", "NO_LETTERS", "Detection", "detect_language", "with_session_language"]

LATIN_LANGUAGES = ("en", "es", "pt", "vi", "tl", "id")
CONFIDENT = 0.8
"""Confidence at or above which a detection may carry over to later messages and override the session's."""

_SCRIPT_LANGUAGE = {"kana": "ja", "hangul": "ko", "thai": "th", "devanagari": "ne"}


NO_LETTERS = "no letters"
"""Reason of a detection for text without letters (digits, punctuation, a masked number)."""


@dataclass(frozen=True)
class Detection:
    """The detected language, how sure (0–1), and why (for logs and tests).

    Attributes:
        language: One of our language codes.
        confidence: 0–1; below :data:`CONFIDENT` the message alone does not settle it.
        reason: Why (for logs and tests).
        kana: Whether the text has kana (kanji without kana may be a quoted Japanese term).
    """

    language: str
    confidence: float
    reason: str
    kana: bool = False


# ---------------------------------------------------------------- Han: Japanese or Chinese


def _words(text: str) -> list[str]:
    """The words of a space-separated list (lexicons are written as text, a line holding many words)."""
    return text.split()


_CHINESE_WORDS = frozenset(_words(CHINESE_WORDS_TEXT))
# Single characters that Chinese sentences need and Japanese kanji compounds rarely contain.
_CHINESE_FUNCTION = frozenset("的了吗嗎呢吧啊呀哦嗯啦么麼我你您她们們这這哪谁誰怎很没沒也想是给讓让把被")
# Whole one-character replies in Chinese chat; a Japanese resident does not write these alone.
_CHINESE_REPLIES = frozenset("好对對行嗯哦是谢謝")
_PUNCTUATION = " 　!?.,。、！？～~…"
_JAPANESE_WORDS = frozenset(_words(JAPANESE_WORDS_TEXT))


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _jis_level(ch: str) -> int:
    """1 for JIS X 0208 level-1 kanji (the common ones), 2 for level 2 or vendor extensions, 0 if not in JIS."""
    try:
        code = int.from_bytes(ch.encode("shift_jis"), "big")
    except UnicodeEncodeError:
        return 2 if _encodable(ch, "cp932") else 0
    return 1 if 0x889F <= code <= 0x9872 else 2


@lru_cache(maxsize=8192)
def _han_evidence(ch: str) -> tuple[float, float]:
    """(Chinese, Japanese) evidence of one Han character, from the character sets it belongs to.

    Not in JIS at all (谢 们 你 嗎): Chinese, strongly. JIS level 2, the kanji Japanese rarely uses
    (們 國 會 网 收 个): Chinese, weakly. In JIS but neither simplified nor traditional (険 済 駅 変):
    Japanese, strongly. Common JIS and traditional but not simplified (請 養 納 証): Japanese, weakly
    (a traditional-Chinese writer uses them too).
    """
    simplified, traditional, level = _encodable(ch, "gb2312"), _encodable(ch, "big5"), _jis_level(ch)
    if level == 0:  # a Japanese keyboard cannot type it
        return (4.0, 0.0) if simplified or traditional else (0.0, 0.0)
    if simplified:  # shared, unless Japanese keeps it among the rare level-2 kanji (网 收 个 无)
        return (0.0, 0.0) if level == 1 else (1.0 if traditional else 2.0, 0.0)
    if not traditional:  # a Chinese keyboard cannot type it
        return (0.0, 4.0)
    return (0.0, 1.0) if level == 1 else (1.0, 0.0)


def _han_scores(text: str) -> tuple[float, float]:
    """(Chinese, Japanese) evidence of all Han characters of ``text`` (:func:`_han_evidence`)."""
    chinese = japanese = 0.0
    for ch in filter(_is_han, text):
        zh, ja = _han_evidence(ch)
        chinese, japanese = chinese + zh, japanese + ja
    return chinese, japanese


def _han_language(text: str) -> Detection:
    if text.strip(_PUNCTUATION) in _CHINESE_REPLIES:
        return Detection("zh", 0.8, "one-character Chinese reply")
    chinese, japanese = _han_scores(text)
    chinese += sum(ch in _CHINESE_FUNCTION for ch in text)
    chinese += 3 * _count_words(text, _CHINESE_WORDS)
    japanese += 3 * _count_words(text, _JAPANESE_WORDS)
    if chinese > japanese:
        return Detection("zh", min(1.0, 0.6 + 0.1 * (chinese - japanese)), "Chinese characters or words")
    if japanese > chinese:
        return Detection("ja", min(1.0, 0.6 + 0.1 * (japanese - chinese)), "Japanese kanji forms or terms")
    # No evidence either way: kanji compounds on a Japanese service are most likely Japanese.
    return Detection("ja", 0.6, "Han-only text without Chinese evidence")


def _count_words(text: str, words: frozenset[str]) -> int:
    """How many listed words (2–5 characters) occur in ``text``, without counting overlaps twice."""
    count, i = 0, 0
    while i < len(text):
        for size in (5, 4, 3, 2):
            if text[i : i + size] in words:
                count, i = count + 1, i + size
                break
        else:
            i += 1
    return count


# ---------------------------------------------------------------- Latin: en es pt vi tl id

_LEXICON_TEXT = LEXICON_TEXT
_PHRASES = PHRASES
_ROMAJI = frozenset(_words(ROMAJI_TEXT))
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
# Letters only Vietnamese uses among our languages (â, ê, ô, à, á … are shared with Portuguese or Spanish).
_VIETNAMESE_LETTERS = frozenset("ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ")
_VIETNAMESE_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|uoi|uou|ieu|yeu|oai|oay|oeo|uay|uy|uo|ie|ye|ua|ui|uu|ue|oa|oe|oi|ai|ao|au|ay|eo|eu|ia|iu|[aeiouy])"
    r"(ch|nh|ng|[cmnpt])?$"
)
_VIETNAMESE_SHAPE = re.compile(r"^(ng|nh|kh|tr|ph|gi|qu)|uo|ie|ye|oa|uy|(nh|ch)$")
# (pattern, language, weight): spelling that one language has and the others lack.
_SPELLING_CUES = tuple(
    (re.compile(pattern), language, weight)
    for pattern, language, weight in (
        (r"[ñ¿¡]|ll|cion$|ue|ie", "es", 0.5),
        (r"[ãõç]|cao$|coes$|lh|nh|ss|ei[tr]|[^aeiou]m$|ou$", "pt", 0.5),
        (r"^(mag|nag|pag|maka|naka|ipa|pinag|ma|na|i)-|^(mag|nag|pag|maka|naka)[a-z]{3}", "tl", 1.0),
        (r"^([bcdfghklmnprstwy])(um|in)[a-z]{3}|^([bcdfghklmnprstwy]?[aeiou])\3|[^aeiou](aw|ay|iw|uy)$", "tl", 0.5),
        (r"^(mem|men|meng|meny|ber|ter|pem|pen|peng|per|di)[a-z]{3}|[a-z]{3}(kan|nya|lah|kah)$", "id", 0.5),
        (r"[^aeiou](au|ai)$", "id", 0.5),
        (r"^([a-z]+)-\1$", "id", 1.0),
        (r"(tion|ness|ment|ing)$|'(s|t|m|re|ll|ve|d)$|^(th|wh)|sh|ck|w", "en", 0.3),
    )
)


def _fold(word: str) -> str:
    """``word`` without accents (``không`` → ``khong``, ``pensión`` → ``pension``)."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _index(words: dict[str, Iterable[str]], key: Callable[[str], str] = str) -> dict[str, frozenset[str]]:
    """The languages that use each word (as written, or as ``key`` of it)."""
    owners: dict[str, set[str]] = {}
    for language, entries in words.items():
        for entry in entries:
            owners.setdefault(key(entry), set()).add(language)
    return {word: frozenset(languages) for word, languages in owners.items()}


_LEXICON_WORDS = {language: _words(text) for language, text in _LEXICON_TEXT.items()}
_LEXICON = _index(_LEXICON_WORDS)
_LEXICON_FOLDED = _index(_LEXICON_WORDS, _fold)
_PHRASE_INDEX = _index(_PHRASES, _fold)


@lru_cache(maxsize=1)
def _ngram_profiles() -> tuple[tuple[str, ...], dict[str, list[float]]]:
    """The n-gram probabilities of langdetect's profiles, for our six Latin languages only."""
    from pathlib import Path

    from langdetect import detector_factory

    profiles = Path(detector_factory.PROFILES_DIRECTORY)
    factory = detector_factory.DetectorFactory()
    factory.load_json_profile([(profiles / language).read_text(encoding="utf-8") for language in LATIN_LANGUAGES])
    return tuple(factory.langlist), factory.word_lang_prob_map


def _ngram_probabilities(text: str) -> dict[str, float]:
    """Probabilities over our Latin languages from langdetect's profiles, every n-gram of ``text`` counted.

    langdetect's own detector samples n-grams at random (deterministic only when seeded) and on a
    1–4-word message a handful of samples decide; scoring all of them is deterministic and steadier.
    """
    from langdetect.utils.ngram import NGram

    languages, table = _ngram_profiles()
    ngram, found = NGram(), []
    for ch in f" {text} ":
        ngram.add_char(ch)
        for size in (1, 2, 3):
            gram = ngram.grams[-size:] if len(ngram.grams) >= size else ""
            if gram and gram != " " and gram in table:
                found.append(table[gram])
    if not found:
        return {}
    logs = [sum(math.log(row[i] + 1e-5) for row in found) for i in range(len(languages))]
    scale = 2 * math.sqrt(len(found))  # flatten: n-grams of one word are far from independent
    top = max(logs)
    weights = [math.exp((value - top) / scale) for value in logs]
    total = sum(weights)
    return {language: weight / total for language, weight in zip(languages, weights, strict=True)}


def _word_scores(words: list[str]) -> tuple[dict[str, float], int]:
    """Lexicon and spelling evidence per language, and how many words are known.

    A word several languages use is shared among them.
    """
    scores = dict.fromkeys(LATIN_LANGUAGES, 0.0)
    known = 0
    for word in words:
        folded = _fold(word)
        # Exact spelling first; a word typed without accents also matches the accented forms.
        owners = _LEXICON.get(word) or (_LEXICON_FOLDED.get(word) if word == folded else None)
        for language in owners or ():
            scores[language] += 1.0 / len(owners)
        vietnamese = any(ch in _VIETNAMESE_LETTERS for ch in word)
        known += bool(owners or vietnamese)
        if vietnamese:
            scores["vi"] += 2.0
        elif _VIETNAMESE_SYLLABLE.match(folded) and _VIETNAMESE_SHAPE.search(folded):
            scores["vi"] += 0.5
        if owners:
            continue
        for pattern, language, weight in _SPELLING_CUES:
            if pattern.search(word):
                scores[language] += weight
    for first, second in itertools.pairwise(words):
        for language in _PHRASE_INDEX.get(_fold(f"{first} {second}"), ()):
            scores[language] += 1.0
    return scores, known


_ROMAJI_ONLY, _NO_EVIDENCE, _NGRAMS_ONLY = "only Japanese terms in Latin letters", "no known word", "langdetect only"
_WEAK_LATIN = frozenset({_ROMAJI_ONLY, _NO_EVIDENCE, _NGRAMS_ONLY})


def _latin_language(text: str) -> Detection:
    words = [word.replace("’", "'") for word in _WORD.findall(text.lower())]
    words = [word for word in words if _fold(word) not in _ROMAJI]
    if not words:
        return Detection("en", 0.2, _ROMAJI_ONLY)
    scores, known = _word_scores(words)
    # English words in another language's message are usually loanwords ("exemption po", "ok cảm ơn").
    if max(score for language, score in scores.items() if language != "en") >= 1.0:
        scores["en"] *= 0.6
    lexical = max(scores.values())
    # langdetect's statistics: a tie-breaker for one word, a real vote for longer messages.
    probabilities = _ngram_probabilities(" ".join(words))
    if not known and lexical < 0.5 and max(probabilities.values(), default=0.0) < 0.5:
        # No known word and no clear n-gram statistics ("xyzzy"): English is the safest guess.
        return Detection("en", 0.2, _NO_EVIDENCE)
    weight = min(2.0, 0.5 + 0.3 * len(words))
    for language, probability in probabilities.items():
        scores[language] += weight * probability
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    margin = (top - second) / top
    if lexical == 0:  # n-gram statistics alone are unreliable on a word or two
        return Detection(best, round(min(0.7, margin), 3), _NGRAMS_ONLY)
    # Sure when a known word spoke and the runner-up is far behind.
    confidence = min(1.0, margin + (0.35 if lexical >= 1 else 0.0))
    return Detection(best, round(confidence, 3), "lexicon, spelling and langdetect")


# ---------------------------------------------------------------- entry point


def _scripts(text: str) -> dict[str, int]:
    counts = {"kana": 0, "hangul": 0, "thai": 0, "devanagari": 0, "han": 0, "latin": 0}
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
            counts["kana"] += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += 1
        elif 0x0E00 <= code <= 0x0E7F:
            counts["thai"] += 1
        elif 0x0900 <= code <= 0x097F:
            counts["devanagari"] += 1
        elif _is_han(ch):
            counts["han"] += 1
        elif ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
            counts["latin"] += 1
    return counts


_QUOTING_LATIN_LETTERS = 40
"""Latin letters above which a text with a few Japanese terms reads as a Latin-script language."""


def _quotes_terms_only(counts: dict[str, int]) -> bool:
    """Whether Latin-script prose outweighs the non-Latin letters it quotes four to one."""
    quoted = sum(count for script, count in counts.items() if script != "latin")
    return counts["latin"] >= _QUOTING_LATIN_LETTERS and counts["latin"] >= 4 * quoted


_QUOTING_CHINESE_EVIDENCE = 8.0
"""Chinese-over-Japanese Han evidence (two characters no Japanese keyboard types) that outweighs a few kana."""


def _chinese_quoting_japanese(text: str, counts: dict[str, int]) -> bool:
    """Whether a mostly-Han text with a few kana is Chinese that quotes a Japanese term.

    Japanese prose writes its particles and endings in kana, and seldom any Han character a Japanese
    keyboard cannot type; a Chinese sentence quoting ねんきん定期便 or 繰下げ has at most half as many
    kana as Han characters, and Han characters Japanese does not use (领 迟 么).
    """
    if not counts["kana"] or 2 * counts["kana"] > counts["han"] or counts["hangul"] or counts["thai"]:
        return False
    chinese, japanese = _han_scores(text)
    return chinese - japanese >= _QUOTING_CHINESE_EVIDENCE


def detect_language(text: str, *, prior: str | None = None) -> Detection:
    """Identify the language of ``text`` among ``ja en zh ko es pt vi tl th id ne``.

    Equivalent to :func:`with_session_language` applied to the prior-free detection;
    where a message's detection travels with it (see :mod:`knowledge.text.incoming`),
    apply :func:`with_session_language` to that instead of detecting again.

    Args:
        text: The resident's message.
        prior: The session's language (an explicit choice or an earlier
            confident detection); kept when this message carries too little
            evidence to overrule it.

    Returns:
        The detection; a confidence below :data:`CONFIDENT` means the message
        alone does not settle the language (e.g. "ok", "no", "1").

    Raises:
        ValueError: If ``prior`` is not one of our languages.
    """
    return with_session_language(_detect(text), prior)


def _detect(text: str) -> Detection:
    normalized = unicodedata.normalize("NFKC", text)
    counts = _scripts(normalized)
    distinctive = {script: counts[script] for script in _SCRIPT_LANGUAGE}
    script = max(distinctive, key=distinctive.get)
    if _chinese_quoting_japanese(normalized, counts):
        # A Chinese question naming a Japanese term with kana, e.g. "推迟领取年金（繰下げ受給）每个月能增加多少？".
        detection = Detection("zh", 0.9, "Chinese text quoting a Japanese term")
    elif _quotes_terms_only(counts):
        # An English or Spanish text that names Japanese terms in brackets, e.g. an
        # answer's "exemption (免除 menjo)": the running text, not the quote, is its language.
        detection = _latin_language(normalized)
    elif distinctive[script]:
        # A Korean question quoting a Japanese term, say, goes to the script with most letters.
        detection = Detection(_SCRIPT_LANGUAGE[script], 1.0, script)
    elif counts["han"] and 2 * counts["han"] >= counts["latin"]:  # one Han character ≈ one short word
        detection = _han_language(normalized)
    elif counts["latin"]:
        detection = _latin_language(normalized)
        if counts["han"] and detection.reason in _WEAK_LATIN:  # "nenkin 免除": the Han part says more
            detection = _han_language(normalized)
    else:
        detection = Detection("ja", 0.0, NO_LETTERS)
    return replace(detection, kana=bool(counts["kana"]))


def with_session_language(detection: Detection, prior: str | None) -> Detection:
    """The language to use for a message in a session whose language is ``prior``.

    A message that says little about its language ("ok", "1", no letters) keeps the
    session's; so does a kanji-only Japanese term quoted in a foreign-language session
    (from a letter or form). A confident detection of another language wins.

    Raises:
        ValueError: If ``prior`` is not one of our languages.
    """
    if prior is not None and prior not in LANGUAGES:
        raise ValueError(f"unknown prior language {prior!r}; expected one of {' '.join(LANGUAGES)}")
    if prior is None or detection.language == prior:
        return detection
    if detection.reason == NO_LETTERS:
        return replace(detection, language=prior)
    if detection.confidence < CONFIDENT:
        return replace(detection, language=prior, reason=f"session language kept ({detection.reason})")
    if detection.language == "ja" and not detection.kana:
        return replace(detection, language=prior, reason=f"Japanese term in a {prior} session")
    return detection
