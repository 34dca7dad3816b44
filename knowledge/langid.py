"""Language identification for short resident messages, in our 11 languages only.

``langdetect`` alone is random on short text, calls kanji-only Japanese
Chinese and knows nothing of our scope. This module decides by script first
(kana → ja, Hangul → ko, Thai → th, Devanagari → ne), settles Han-only text
between Japanese and Chinese by character evidence, restricts Latin-script text
to our Latin languages with langdetect's probabilities (seeded, so the result
is deterministic) plus short-word lexicons, and lets a confident earlier
language carry over a message that says nothing about its language ("ok", "1").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge.schema import LANGUAGES

__all__ = ["Detection", "detect_language"]

LATIN_LANGUAGES = ("en", "es", "pt", "vi", "tl", "id")
CONFIDENT = 0.8
"""Confidence at or above which a detection may carry over to later messages."""

# Characters written only in simplified Chinese (Japanese uses another form or none).
_SIMPLIFIED_ONLY = set(
    "们这么说请问吗对谢钱险费养领办证码补缴贷为习时间样个际务业东车长门马鸟鱼见觉认让论议记设访识语话该谁谈课调"
    "财贵买卖货质购资赔赚转轻较辆边达进远连选递邮铁银错键阶难须顾题风飞饭馆驾验鲜龄岁劳动图发经续济报书纳额开关"
    "从单复杂网页户账给没还询员实现应级专节范药获营虑规视览订计讨训讯讲许评诉词译试诚详误读负责贡贸趋跃轮软载钟"
    "锁闭闻队纪纸线练组细终结绝统继维罗联职脑齐阳阴陈隐雾频饮电无"
)
# Kanji forms used in Japanese but not in simplified Chinese, and Japanese-only kana-free terms.
_JAPANESE_ONLY = set("険済払届込続売様拠経歳齢円労働帳発駅際読図県区証猶繰渉円戻扱込畑込団廃鉄応両隣弁覧譲") | set(
    "気児実対関検権残変転随伝楽数様為処総広拡"
)
_JAPANESE_TERMS = (
    "控除",
    "繰下",
    "繰上",
    "定期便",
    "厚生年金",
    "保険料",
    "年金事務所",
    "追納",
    "猶予",
    "手続",
    "申請書",
)

_LEXICON: dict[str, tuple[str, ...]] = {
    "en": (
        "hello",
        "hi",
        "hey",
        "thanks",
        "thank",
        "you",
        "please",
        "bye",
        "goodbye",
        "yes",
        "no",
        "help",
        "pension",
        "what",
        "how",
        "when",
        "can",
        "my",
        "the",
        "is",
        "i",
        "person",
        "human",
        "agent",
    ),
    "es": (
        "hola",
        "gracias",
        "adiós",
        "adios",
        "buenos",
        "días",
        "dias",
        "buenas",
        "sí",
        "por",
        "favor",
        "pensión",
        "cómo",
        "como",
        "qué",
        "que",
        "quiero",
        "hablar",
        "persona",
        "ayuda",
        "mi",
        "el",
        "la",
        "de",
        "usted",
    ),
    "pt": (
        "olá",
        "ola",
        "obrigado",
        "obrigada",
        "tchau",
        "bom",
        "dia",
        "sim",
        "não",
        "nao",
        "pensão",
        "aposentadoria",
        "você",
        "voce",
        "quero",
        "falar",
        "ajuda",
        "meu",
        "minha",
        "como",
        "posso",
        "está",
    ),
    "vi": ("xin", "chào", "chao", "cảm", "ơn", "cám", "không", "vâng", "lương", "hưu", "tôi", "muốn", "nói", "chuyện"),
    "tl": (
        "salamat",
        "po",
        "opo",
        "kumusta",
        "magandang",
        "umaga",
        "hapon",
        "paalam",
        "oo",
        "hindi",
        "ako",
        "gusto",
        "ko",
        "makausap",
        "paano",
        "ang",
        "ng",
        "mga",
        "sa",
        "pensyon",
        "kawani",
        "tao",
    ),
    "id": (
        "halo",
        "terima",
        "kasih",
        "selamat",
        "pagi",
        "siang",
        "malam",
        "ya",
        "tidak",
        "saya",
        "ingin",
        "bicara",
        "dengan",
        "bagaimana",
        "cara",
        "pensiun",
        "iuran",
        "apa",
        "bisa",
        "tolong",
        "petugas",
        "orang",
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Letters only Vietnamese uses (â, ê, ô, à … are shared with Portuguese, French and others).
_VIETNAMESE_MARKS = set("ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ")
# Chinese function characters that Japanese writes in kana (a Japanese sentence using them has kana anyway).
_CHINESE_FUNCTION = set("的了是我你他她吗呢吧么们这那哪没很把被让跟")


_CHINESE_TERMS = ("目前", "正在", "今天", "可以", "什么", "怎么", "哪里", "如何", "需要", "我想", "请问", "是否")
_SCRIPT_LANGUAGE = {"kana": "ja", "hangul": "ko", "thai": "th", "devanagari": "ne"}


@dataclass(frozen=True)
class Detection:
    """The detected language, how sure, and why (for logs and tests)."""

    language: str
    confidence: float
    reason: str


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
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            counts["han"] += 1
        elif ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
            counts["latin"] += 1
    return counts


def _han_language(text: str) -> Detection:
    simplified = sum(ch in _SIMPLIFIED_ONLY or ch in _CHINESE_FUNCTION for ch in text) + 2 * sum(
        term in text for term in _CHINESE_TERMS
    )
    japanese = sum(ch in _JAPANESE_ONLY for ch in text) + 2 * sum(term in text for term in _JAPANESE_TERMS)
    if simplified > japanese:
        return Detection("zh", min(1.0, 0.7 + 0.1 * (simplified - japanese)), "simplified or Chinese-only characters")
    if japanese > simplified:
        return Detection("ja", min(1.0, 0.7 + 0.1 * (japanese - simplified)), "Japanese-only kanji or terms")
    # No evidence either way: Japanese kanji compounds are far more common on a Japanese service.
    return Detection("ja", 0.6, "Han-only text without Chinese evidence")


def _lexicon_votes(words: list[str]) -> dict[str, float]:
    votes = dict.fromkeys(LATIN_LANGUAGES, 0.0)
    for word in words:
        owners = [lang for lang, lexicon in _LEXICON.items() if word in lexicon]
        for lang in owners:
            votes[lang] += 1.0 / len(owners)
    return votes


def _langdetect_probabilities(text: str) -> dict[str, float]:
    from langdetect import DetectorFactory, LangDetectException, detector_factory

    DetectorFactory.seed = 0
    if detector_factory._factory is None:
        detector_factory.init_factory()
    try:
        detector = detector_factory._factory.create()
        detector.append(text)
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    return {item.lang: item.prob for item in found if item.lang in LATIN_LANGUAGES}


def _latin_language(text: str) -> Detection:
    lowered = text.lower()
    if sum(ch in _VIETNAMESE_MARKS for ch in lowered) >= 1:
        return Detection("vi", 0.95, "Vietnamese diacritics")
    words = _WORD.findall(lowered)
    votes = _lexicon_votes(words)
    probabilities = _langdetect_probabilities(lowered) if len(lowered) >= 3 else {}
    # Lexicon votes dominate short messages; langdetect gains weight with length but never all of it.
    weight = min(0.7, len(words) / 8)
    share = max(1, len(words))
    scores = {
        lang: (1 - weight) * votes[lang] / share + weight * probabilities.get(lang, 0.0) for lang in LATIN_LANGUAGES
    }
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] <= 0:
        return Detection("en", 0.3, "Latin text without evidence")
    margin = ranked[0] - ranked[1]
    return Detection(best, min(1.0, 0.5 + margin), "lexicon and langdetect")


def detect_language(text: str, *, prior: str | None = None) -> Detection:
    """Identify the language of ``text`` among ``ja en zh ko es pt vi tl th id ne``.

    Args:
        text: The resident's message.
        prior: A language confidently detected earlier in the session; used
            when this message carries little evidence.

    Returns:
        The detection; low confidence means "could be anything" (e.g. "ok").
    """
    if prior is not None and prior not in LANGUAGES:
        raise ValueError(f"unknown prior language {prior!r}")
    normalized = unicodedata.normalize("NFKC", text)
    counts = _scripts(normalized)
    distinctive = {script: counts[script] for script in _SCRIPT_LANGUAGE}
    script = max(distinctive, key=distinctive.get)
    if distinctive[script]:
        # A Korean question quoting a Japanese term, say, goes to the script with most letters.
        detection = Detection(_SCRIPT_LANGUAGE[script], 1.0, script)
    elif counts["han"] and 2 * counts["han"] >= counts["latin"]:  # one Han character ≈ one word
        detection = _han_language(normalized)
    elif counts["latin"]:
        detection = _latin_language(normalized)
    else:
        detection = Detection(prior or "ja", 0.0, "no letters")
    if prior is not None and detection.confidence < CONFIDENT and detection.language != prior:
        return Detection(prior, detection.confidence, f"session language kept ({detection.reason})")
    return detection
