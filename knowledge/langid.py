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
from dataclasses import dataclass
from functools import lru_cache

from knowledge.schema import LANGUAGES

__all__ = ["CONFIDENT", "LATIN_LANGUAGES", "Detection", "detect_language"]

LATIN_LANGUAGES = ("en", "es", "pt", "vi", "tl", "id")
CONFIDENT = 0.8
"""Confidence at or above which a detection may carry over to later messages and override the session's."""

_SCRIPT_LANGUAGE = {"kana": "ja", "hangul": "ko", "thai": "th", "devanagari": "ne"}


@dataclass(frozen=True)
class Detection:
    """The detected language, how sure (0–1), and why (for logs and tests)."""

    language: str
    confidence: float
    reason: str


# ---------------------------------------------------------------- Han: Japanese or Chinese


def _words(text: str) -> list[str]:
    """The words of a space-separated list (lexicons are written as text, a line holding many words)."""
    return text.split()


# Words of everyday Chinese (simplified and traditional forms) that Japanese does not use.
_CHINESE_WORDS = frozenset(
    _words(
        """谢谢 謝謝 你好 您好 请问 請問 再见 再見 拜拜
        什么 什麼 甚麼 怎么 怎麼 怎样 怎樣 为什么
        為什麼 如何 可以 能不能 是不是 有没有 有沒有
        可不可以 好不好 对不起 對不起 不好意思 没关系
        沒關係 没问题 沒問題 不客气 不客氣 不用 没有
        沒有 没事 沒事 好的 是的 不是 对的 對的 明白
        知道 懂了 好吧 行吗 多少 哪里 哪裡 这里 這裡
        那里 那裡 这个 這個 那个 那個 我们 我們 你们
        你們 他们 他們 我的 我想 我要 我是 你的 现在
        时候 時候 今天 明天 昨天 早上 晚上 上午 下午
        一下 一点 一點 已经 已經 因为 因為 所以 但是
        还是 還是 或者 帮忙 幫忙 帮助 幫助 麻烦 麻煩
        退休 养老 養老 领取 領取 客服 人工 工作人员
        工作人員 电话 電話號碼 号码 號碼 中文 汉语
        漢語 华语 華語 公司 工资 工資 回国 回國 缴费
        繳費 交费 補交 补交 退款 退钱 退錢 退费 退費
        退税 退稅 证明 證明 办理 辦理 手续 手續 申请
        地址 打工 孩子 老婆 老公 拿到 能拿
        多久 几个月 幾個月 网站 網站 网上 網上 手机
        手機 搬家 提交 注册 註冊 信息 日元 雇主 残疾
        殘疾 家属 家屬 缺点 生意 收到 寄来 寄來 几天
        幾天 几号 幾號 补缴 補繳 缓缴 緩繳 到期 过期
        過期 逾期 怎么办 怎麼辦 咋办 啥时候 哪个 哪個
        多长时间 要不要 用不用"""
    )
)
# Single characters that Chinese sentences need and Japanese kanji compounds rarely contain.
_CHINESE_FUNCTION = frozenset("的了吗嗎呢吧啊呀哦嗯啦么麼我你您她们們这這哪谁誰怎很没沒也想是给讓让把被")
# Whole one-character replies in Chinese chat; a Japanese resident does not write these alone.
_CHINESE_REPLIES = frozenset("好对對行嗯哦是谢謝")
_PUNCTUATION = " 　!?.,。、！？～~…"
# Japanese words, mostly pension and paperwork terms, that Chinese does not write this way.
_JAPANESE_WORDS = frozenset(
    _words(
        """控除 繰下 繰上 繰り 定期便 保険料 事務所 追納
        猶予 手続 申請書 証明書 源泉 徴収 扶養 振替
        納付 未納 滞納 督促 学特 届出 書類 窓口 予約
        相談 担当 問合 番号 受給 支給 加入 脱退
        一時金 確定申告 再発行 紛失 通訳 手帳 証書
        前納 付加 国保 還付 遺族 障害 配偶者 老齢
        在職 産休 育休 産前産後 事業所 算定 賞与
        電子申請 了解 承知 大丈夫 日本語 会社 役所
        住民票 在留 残高 引落 口座 記入 提出 期限
        締切 変更 住所 氏名 免除申請 国民年金 厚生年金
        基礎年金 共済 合算 対象期間 終了 完了 目的
        帰国 退職 就職 転職 離婚 分割 死亡 受取 支払
        払込 年金額 金額 公的 私的 具体的 基本的
        一般的 一時的 法的"""
    )
)


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


def _han_language(text: str) -> Detection:
    if text.strip(_PUNCTUATION) in _CHINESE_REPLIES:
        return Detection("zh", 0.8, "one-character Chinese reply")
    chinese = japanese = 0.0
    for ch in filter(_is_han, text):
        zh, ja = _han_evidence(ch)
        chinese += zh + (ch in _CHINESE_FUNCTION)
        japanese += ja
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

# Everyday words of short chat messages (greetings, courtesies, yes/no, question words, pension and
# paperwork words). A word several languages use counts for each of them in part.
_LEXICON_TEXT = {
    "en": """hello hi hey hiya thanks thank thx ty tysm thankyou you your yours please pls plz bye goodbye cheers yes
        yeah yep yup no nope not ok okay okey sure fine alright good great nice cool perfect awesome morning
        afternoon evening night day week how what when where why who which whose is isn't are aren't am was
        wasn't be been do does doesn't did didn't don't can can't cannot could couldn't will won't would should
        must may might i i'm i've i'd me my myself we our us they them their he she his her him it it's its this
        that that's these those there here the a an and or but of for to in on at with from about into than
        have has had get got give need needed want like know tell explain show find forgot forget lost send sent
        pay paid paying payment payments premium premiums pension pensions exemption exempt refund refunds lump
        sum withdrawal withdraw claim eligible apply applying application register registration enroll deadline
        due late overdue unpaid fee fees cost money income low salary job work working company employer employee
        quit retired retire retirement office phone number call talk speak person human agent staff someone
        somebody operator real english translate interpreter documents document form forms address change moving
        move abroad overseas leave leaving return returning home country student students school university tax
        deduction certificate book card letter mail postcard notice received receive check status account bank
        transfer postpone postponement extension insurance national welfare basic survivor disability benefit
        benefits old age spouse husband wife child children family help helpful helps helped useful understand
        understood sorry again still just very so really wait open closed today tomorrow hours question answer
        information info website online password login problem wrong right see later take care much many enough
        done nothing nevermind thanks!""",
    "es": """hola buenas buenos buen buena día días tardes noche noches saludos gracias muchas muchísimas mil amable
        adiós hasta luego pronto vemos chao sí si no vale claro bueno perfecto listo entendido acuerdo por favor
        quiero quisiera necesito puedo puede podría pueden tengo tiene tienen hay es son está están estoy soy
        eres fue hacer hago hice pagar pago pagué pagado pagos cuota cuotas aporte aportes seguro jubilación
        jubilado pensión pensiones exención exonerado exoneración exento reducción reembolso devolución retiro
        retirar solicitar solicito solicitud formulario trámite trámites documento documentos papeles oficina
        ventanilla cita teléfono llamar número persona humano alguien agente asesor operador funcionario hablar
        hablo español inglés idioma traductor intérprete dirección domicilio mudanza cambio cambiar salir volver
        regresar país japón estudiante estudiantes universidad escuela trabajo empresa empleo desempleado
        ingresos dinero cuánto cuánta cuántos cuándo dónde cómo qué quién cuál porqué porque para con sin sobre
        desde el la los las un una unos unas del al lo mi mis tu tus su sus yo usted ustedes nosotros ellos me te
        se nos le les este esta esto ese esa eso aquí ahora hoy mañana ayer todavía ya también nunca mucho muy
        poco más menos bien mal mejor nuevo año años mes meses semana atrasado atrasados deuda vencido plazo
        fecha aplazar aplazamiento prórroga y o pero pues entonces entiendo entendí comprendo sé sabe ayuda
        ayudar ayúdame ayúdeme información qué tal de nada a en que como cuando donde voy me""",
    "pt": """oi oie olá bom boa dia tarde noite obrigado obrigada obrigadão brigado valeu vlw obg tchau até logo mais
        amanhã sim não claro certo beleza blz tá ok entendi entendo sei ajuda ajudar ajude informação
        informações quero queria preciso precisava posso podia pode podem tenho tem têm há é são está estão estou
        sou fui foi fazer faço fiz pagar pago paguei pagamento pagamentos parcela parcelas contribuição
        contribuições seguro aposentadoria aposentado pensão pensões isenção isento redução reembolso devolução
        restituição resgate saque sacar solicitar solicitação pedido pedir formulário documento documentos papéis
        escritório agência balcão agendamento ligar telefone número pessoa humano alguém atendente atendimento
        funcionário falar fala português inglês idioma tradutor intérprete endereço mudança mudar trocar sair
        voltar retornar país japão brasil estudante faculdade escola trabalho empresa emprego desempregado renda
        dinheiro quanto quanta quantos quando onde como que quem qual porquê porque para pra com sem sobre desde
        o a os as um uma uns umas do da dos das no na nos nas ao pelo pela meu minha meus minhas seu sua seus
        suas eu você vocês nós eles me te se lhe este esta isto esse essa isso aqui agora hoje ontem ainda já
        também nunca muito pouco menos bem mal melhor novo ano anos mês meses semana atrasado atrasada dívida
        vencido prazo data adiar adiamento prorrogação e ou mas então né tudo consigo vou fica por favor de
        em""",
    "vi": """chào xin anh chị em bạn ơi ạ dạ vâng ừ cảm ơn cám nhiều lắm rất tạm biệt hẹn gặp lại không ko có
        được rồi biết hiểu giúp đỡ tôi mình cháu muốn cần hỏi cho về lương hưu tiền bảo hiểm phí đóng nộp miễn
        giảm hoãn hoàn trả rút nhận một lần nói chuyện với người nhân viên tư vấn gọi số điện thoại tổng đài
        địa chỉ đổi chuyển nhà nước quê việt nam nhật bản du học sinh trường công ty làm việc nghỉ thất nghiệp
        thu nhập thấp bao nhiêu khi nào giờ ở đâu thế sao gì là tại vì thì mà và hay hoặc của này đó kia đây
        đã chưa sẽ đang bị phải nên thủ tục đăng ký giấy tờ hồ sơ mẫu đơn văn phòng năm tháng ngày tuần hạn
        quá tiếng thông dịch phiên trí đi đến nhé vậy""",
    "tl": """salamat po opo oo hindi huwag wala walang meron mayroon may kumusta kamusta musta magandang maganda
        umaga hapon gabi tanghali paalam ingat sige ayos okay lang ba na pa naman nga ang ng mga sa si ni kay ako
        ko ikaw ka mo siya kami tayo kayo sila namin natin ninyo nila akin iyo kanya niya ano sino saan nasaan
        kailan kelan bakit paano pano magkano ilan alin gusto ayaw ayoko kailangan pwede puwede maaari makausap
        kausap kausapin tao taong tulong tulungan pakitulungan bayad bayaran magbayad makabayad nagbayad hulog
        hulugan pensyon pensiyon estudyante lilipat lumipat uuwi umuwi babalik bumalik pinas pilipinas bansa
        numero telepono tawag tumawag tawagan alam di ito iyan yan yun yung iyon dito diyan doon talaga pasensya
        paki pakiusap sana muna din rin kasi dahil pero at o kung kapag para pera buwan taon araw linggo trabaho
        kumpanya opisina papeles dokumento tirahan lipat naintindihan intindi eh diba tagalog sahod libre utang
        kulang hanggang mula tungkol ngayon bukas kahapon tapos mag nag pag magpa""",
    "id": """terima kasih makasih trims banyak halo hai hallo selamat pagi siang sore malam datang tinggal sampai
        jumpa dadah ya iya oke baik baiklah tidak nggak gak ga enggak tak bukan belum sudah udah saya aku gue anda
        kamu kalian kami kita dia mereka bapak ibu pak bu mas mbak kak apa apakah siapa mana dimana kapan kenapa
        mengapa bagaimana gimana berapa cara daftar mendaftar pendaftaran bayar membayar pembayaran iuran premi
        pensiun dana jaminan asuransi pengembalian kembali pembebasan bebas keringanan penundaan tunda petugas
        staf orang manusia bicara berbicara ngobrol dengan sama tolong bantu bantuan membantu boleh bisa dapat mau
        ingin pengen perlu butuh harus tanya bertanya pertanyaan informasi kantor alamat pindah rumah pulang
        negara indonesia jepang mahasiswa pelajar siswa kuliah sekolah kerja bekerja perusahaan gaji penghasilan
        uang biaya bulan tahun hari minggu sekarang nanti besok kemarin lagi juga saja aja dong kok sih deh nih
        yang ini itu ada punya dari ke untuk buat dan atau tapi tetapi karena kalau jika mengerti paham tahu tau
        permisi maaf mohon silakan formulir dokumen surat kartu nomor telepon telpon bahasa di""",
}
# Two-word greetings and courtesies (matched with or without accents).
_PHRASES = {
    "en": ("thank you", "good morning", "see you", "talk to", "how to", "how much"),
    "es": ("muchas gracias", "buenos días", "buenas tardes", "buenas noches", "hasta luego", "qué tal"),
    "pt": ("muito obrigado", "bom dia", "boa tarde", "boa noite", "tudo bem", "tá bom", "até logo", "o que"),
    "vi": ("xin chào", "cảm ơn", "cám ơn", "tạm biệt", "bao nhiêu", "lương hưu", "được không", "số điện"),
    "tl": ("salamat po", "maraming salamat", "magandang umaga", "magandang hapon", "magandang gabi", "sige po"),
    "id": ("terima kasih", "selamat pagi", "selamat siang", "selamat malam", "sampai jumpa", "tidak bisa"),
}
# Japanese pension terms typed in Latin letters: they say nothing about the resident's language.
_ROMAJI = frozenset(
    _words(
        """nenkin menjo menjou tsuino gakutoku kokumin kosei kousei hoken hokenryo shakai jukyu kurisage kuriage
    nofu noufu yuyo yuuyo dattai ichijikin teikibin furikae zairyu juminhyo shiyakusho kuyakusho kyosai shomeisho
    kojo koujo techo techou bango kiso jimusho todoke todokesho shikaku kakyu kanka henrei shotoku izoku shogai
    rorei kyufu shikyu nenkinnet mynumber tokurei tokutei sakusei shiharai getsugaku kasan hihokensha kenpo
    kumiai santei denshi shinsei mikomigaku kaitei"""
    )
)
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


def detect_language(text: str, *, prior: str | None = None) -> Detection:
    """Identify the language of ``text`` among ``ja en zh ko es pt vi tl th id ne``.

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
    if prior is not None and prior not in LANGUAGES:
        raise ValueError(f"unknown prior language {prior!r}; expected one of {' '.join(LANGUAGES)}")
    normalized = unicodedata.normalize("NFKC", text)
    counts = _scripts(normalized)
    distinctive = {script: counts[script] for script in _SCRIPT_LANGUAGE}
    script = max(distinctive, key=distinctive.get)
    if distinctive[script]:
        # A Korean question quoting a Japanese term, say, goes to the script with most letters.
        detection = Detection(_SCRIPT_LANGUAGE[script], 1.0, script)
    elif counts["han"] and 2 * counts["han"] >= counts["latin"]:  # one Han character ≈ one short word
        detection = _han_language(normalized)
    elif counts["latin"]:
        detection = _latin_language(normalized)
        if counts["han"] and detection.reason in _WEAK_LATIN:  # "nenkin 免除": the Han part says more
            detection = _han_language(normalized)
    else:
        detection = Detection(prior or "ja", 0.0, "no letters")
    if prior is None or detection.language == prior:
        return detection
    if detection.confidence < CONFIDENT:
        return Detection(prior, detection.confidence, f"session language kept ({detection.reason})")
    if detection.language == "ja" and not counts["kana"]:
        # Kanji without kana in a foreign-language session: a Japanese term quoted from a letter or form.
        return Detection(prior, detection.confidence, f"Japanese term in a {prior} session")
    return detection
