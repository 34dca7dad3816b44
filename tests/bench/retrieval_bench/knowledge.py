"""A tiny knowledge base for the retrieval benchmark's sections (no files, no model)."""

from datetime import date

from knowledge.content.schema import FaqEntry, KnowledgeBase, Source, Topic

A_SOURCE = Source(
    {"ja": "ページ", "en": "Page"}, "https://www.nenkin.go.jp/page.html", {"ja": "日本年金機構", "en": "JPS"}
)

QUESTIONS = {
    "exemption-overview": {
        "ja": ("保険料を払えません", "国民年金の免除を申請したい", "失業して保険料が払えない"),
        "en": ("I cannot pay my pension premiums", "How do I apply for an exemption?"),
        "zh": ("我付不起养老金保险费",),
    },
    "student-special": {
        "ja": ("学生納付特例とは何ですか", "学生で保険料を払えない"),
        "en": ("Special payment rules for students",),
        "ko": ("학생 납부 특례는 무엇입니까",),
    },
    "nenkin-net": {
        "ja": ("ねんきんネットに登録したい", "ねんきんネットのパスワードを忘れた"),
        "en": ("How do I register for Nenkin Net?",),
    },
}


def tiny_knowledge() -> KnowledgeBase:
    entries = tuple(
        FaqEntry(
            id=faq_id,
            topic=faq_id.replace("-", "_"),
            questions=questions,
            answer={"ja": "回答", "en": "Answer"},
            sources=(A_SOURCE,),
            last_reviewed=date(2026, 1, 1),
        )
        for faq_id, questions in QUESTIONS.items()
    )
    topics = {entry.topic: Topic(entry.topic, {"ja": entry.topic, "en": entry.topic}) for entry in entries}
    return KnowledgeBase(entries=entries, topics=topics, contact_lines={})
