"""Words around a number that make it an ordinary quantity, in the assistant's 11 languages.

Used by :mod:`knowledge.text.numbers` on the matching view (NFKC-folded, so ``％``
is ``%`` and ``￥`` is ``¥``). A unit *after* a number (``円``, ``歳``, ``yen``,
``años``, ``tháng``, ``เดือน``, ``वर्ष`` …) or a currency or era marker *before* it
(``¥``, ``Rp``, ``FY``, ``令和`` …) keeps a short number readable. Labels such as
番号, No., #, 号 or 번 are deliberately absent: a number after them is masked.
"""

from __future__ import annotations

import re

__all__ = ["MARKER_BEFORE", "NAMES_A_NUMBER", "POSTAL_BEFORE", "RANGE_BETWEEN", "THAI_YEAR_BEFORE", "UNIT_AFTER"]


def _words(text: str) -> list[str]:
    return text.split()


# Written right after the number; no word boundary needed (CJK, Hangul, Thai, Devanagari).
_DENSE_UNITS = _words(
    # Japanese / Chinese
    "円 圓 日元 日圆 人民币 美元 元 块 ドル ユーロ 万 萬 千 百 億 亿 兆 年 月 日 週 周 天 時 小时 分 秒 "
    "歳 才 岁 回 次 件 人 名 位 倍 割 点 枚 通 個 个 か所 箇所 ヶ所 % ‰ "
    # Korean
    "원 엔 달러 년 개월 달 세 살 일 월 주 시간 시 분 초 회 명 개 배 만 천 억 퍼센트 "
    # Thai
    "เยน บาท ปี เดือน วัน สัปดาห์ ชั่วโมง นาที ครั้ง คน เปอร์เซ็นต์ ล้าน พัน หมื่น แสน "
    # Nepali
    "येन रुपैयाँ रुपियाँ वर्ष बर्ष साल महिना दिन हप्ता घण्टा घन्टा पटक जना वटा प्रतिशत हजार लाख करोड बजे"
)
# Month counters: か月, ヶ月, カ月, ケ月, ヵ月, 箇月, 个月, 個月.
_MONTHS = "[かヵカヶケ箇个個]月"

# Latin-script units, matched as whole words (case-insensitive).
_WORD_UNITS = _words(
    # English
    "yen jpy usd eur dollars? euros? pesos? baht rupees? rupiah dong won yuan rmb php thb idr vnd npr krw cny "
    "years? yrs? months? mos? days? weeks? hours? hrs? minutes? mins? seconds? secs? people persons? times "
    "points? pts percent pct km kg man "
    # Spanish / Portuguese
    "yenes ienes? años? anos? meses mes mês días? dias? semanas? horas? minutos? veces vezes "
    "personas? pessoas? dólares reais real mil millones millón milhões milhão "
    # Vietnamese
    "yên đồng vnđ năm tháng ngày tuổi tuần giờ phút lần người triệu nghìn ngàn "
    # Tagalog
    "taon buwan araw linggo oras minuto beses katao piso libo porsiyento porsyento "
    # Indonesian
    "tahun bulan hari minggu jam menit kali orang ribu juta persen"
)
_WORD_PHRASES = ("por ciento", "por cento", "phần trăm", "per cent")

_LATIN_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_WORD_UNIT = "|".join(sorted(_WORD_UNITS + [re.escape(phrase) for phrase in _WORD_PHRASES], key=len, reverse=True))
_DENSE_UNIT = "|".join(re.escape(unit) for unit in sorted(_DENSE_UNITS, key=len, reverse=True))
_UNIT = rf"{_MONTHS}|{_DENSE_UNIT}|(?:{_WORD_UNIT})(?![{_LATIN_LETTER}])"
UNIT_AFTER = re.compile(rf"[ ]{{0,2}}(?:[-/][ ]?)?(?:{_UNIT})", re.IGNORECASE)
"""A unit right after a number (``re.match`` at the number's end)."""

_SYMBOLS = _words("¥ $ € £ ₩ ₱ ฿ ₫ ₹ ₨ 令和 平成 昭和 大正 明治 西暦 रू रु")
_WORD_MARKERS = _words("us$ r$ rp rs jpy usd php eur thb idr vnd npr krw cny brl fy")
_SYMBOL = "|".join(re.escape(symbol) for symbol in _SYMBOLS)
_WORD_MARKER = "|".join(re.escape(word) for word in _WORD_MARKERS)
MARKER_BEFORE = re.compile(rf"(?:{_SYMBOL}|(?<![A-Za-z])(?:{_WORD_MARKER})\.?)[ ]{{0,2}}\Z", re.IGNORECASE)
"""A currency or era marker right before a number (``re.search`` in the text before it)."""

THAI_YEAR_BEFORE = re.compile(r"(?:ปี|พ\.ศ\.?|พุทธศักราช)[ ]{0,2}\Z")
"""Thai Buddhist-era years (2569 is 2026) are years after these words."""

POSTAL_BEFORE = re.compile(
    r"(?:〒|郵便番号|postal code|post code|postcode|zip(?: code)?|código postal|cep|mã bưu điện|kode pos|"
    r"우편번호|邮编|邮政编码|รหัสไปรษณีย์)[ ]{0,2}[:：]?[ ]{0,2}\Z",
    re.IGNORECASE,
)
"""Words after which a 7-digit number is a postal code."""

RANGE_BETWEEN = re.compile(
    r"[ ]{0,2}(?:[~〜]|から|と|至|到|和|to|and|a|y|e|até|đến|và|hanggang|at|sampai|dan|ถึง|และ|देखि)[ ]{0,2}",
    re.IGNORECASE,
)
"""What joins the two ends of a range (``1,000~2,000円``, ``between 1000 and 2000 yen``): ``fullmatch`` on the gap."""

NAMES_A_NUMBER = re.compile(
    r"番号|ナンバー|号码|號碼|번호|number|\bno\.|número|numero|numéro|số|หมายเลข|เลขที่|नम्बर|नंबर|nomor|nomer|"
    r"前半|後半|続き|残り|first part|second part|rest of",
    re.IGNORECASE,
)
"""Words that say a number (or a part of one) is being given: a year-like fragment beside them is not a year."""
