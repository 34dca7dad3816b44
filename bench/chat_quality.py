"""Answer quality as a resident sees it: labelled questions sent to a running assistant's ``/api/chat``.

Run from the repository root against an assistant that is already running (never part of the test
suite; start it with a raised rate limit, e.g.
``NENKIN_RATE_LIMIT_PER_MINUTE=100000 NENKIN_RATE_LIMIT_BURST=10000 make run``)::

    .venv/bin/python bench/chat_quality.py tests/data/eval_questions.yml
    .venv/bin/python bench/chat_quality.py tests/data/calibration_questions.yml --url http://127.0.0.1:8000

Each question goes to a new session. Only outright answers count (a did-you-mean is not an answer).
Per language: in-scope questions, outright answers, right and wrong rates (right = the answered
entry's topic is one the item accepts), how many answers carry ``answer.language`` equal to the
question's language and how many answer texts the project's language identification reads as it,
and how many out-of-scope questions were answered. A Markdown table goes to stdout; answers written
in another language than the question's are listed on stderr.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections import Counter
from pathlib import Path

import bootstrap  # noqa: F401  (project root on sys.path)
import httpx
import yaml

from knowledge.languages import LANGUAGES
from knowledge.text.langid import detect_language


def _answer_text(reply: dict) -> str:
    """The answer's own text: after the fallback note if there is one, before the sources."""
    texts = [message["text"] for message in reply["messages"] if message.get("text")]
    answer = reply["answer"]
    text = texts[1] if answer["language"] != reply["language"] and len(texts) > 1 else texts[0]
    return text.split("\n\n")[0]


def _score(item: dict, reply: dict, counts: Counter) -> None:
    topics = item.get("topics")
    answer = reply.get("answer")
    counts["questions"] += 1
    if topics in (None, "none", ["none"]):
        counts["out_of_scope"] += 1
        counts["out_of_scope_answered"] += bool(answer)
        return
    counts["in_scope"] += 1
    if not answer:
        return
    counts["answered"] += 1
    counts["right" if answer["topic"] in topics else "wrong"] += 1
    counts["answer_language"] += answer["language"] == item["language"]
    counts["text_language"] += detect_language(_answer_text(reply)).language == item["language"]
    if answer["language"] != item["language"]:
        print(f"{item['language']}: answered in {answer['language']}: {item['question']!r}", file=sys.stderr)


def _row(name: str, c: Counter) -> str:
    in_scope = c["in_scope"] or 1
    return (
        f"| {name} | {c['in_scope']} | {c['answered']} | {c['right'] / in_scope:.3f} | {c['wrong'] / in_scope:.3f} "
        f"| {c['answer_language']}/{c['answered']} | {c['text_language']}/{c['answered']} "
        f"| {c['out_of_scope_answered']}/{c['out_of_scope']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, help="YAML list of {question, language, topics}")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running assistant")
    args = parser.parse_args()
    by_language: dict[str, Counter] = {language: Counter() for language in LANGUAGES}
    with httpx.Client(base_url=args.url, timeout=120) as client:
        for item in yaml.safe_load(args.questions.read_text(encoding="utf-8")):
            body = {"session_id": f"quality-{uuid.uuid4().hex[:12]}", "message": item["question"]}
            response = client.post("/api/chat", json=body)
            response.raise_for_status()
            _score(item, response.json(), by_language[item["language"]])
    print(
        "| language | in-scope | answered outright | right | wrong | answer.language = question's "
        "| text read as question's language | out of scope answered |"
    )
    print("|---|---|---|---|---|---|---|---|")
    total: Counter = Counter()
    for language, counts in by_language.items():
        if counts["questions"]:
            print(_row(language, counts))
            total.update(counts)
    print(_row("all", total))


if __name__ == "__main__":
    main()
