"""The house's layering: knowledge/ imports no framework, and its packages import only downwards."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"

LAYERS = {
    "knowledge.languages": 0,
    "knowledge.content": 1,
    "knowledge.text": 2,
    "knowledge.contact": 3,
    "knowledge.retrieval": 3,
    "knowledge.store": 3,
    "knowledge.model": 3,
    "knowledge.settings": 4,
    "knowledge.retrieval_setup": 5,
    "knowledge.validate": 5,
    "knowledge.cli": 6,
    "knowledge.__main__": 7,
}
"""Each part of knowledge/ may import only parts on a lower layer (and itself)."""


def part_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def module_name(path: Path) -> str:
    relative = path.relative_to(PROJECT_ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def knowledge_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("knowledge"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "knowledge")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("knowledge"))
    return found


def test_every_part_of_knowledge_has_a_layer():
    parts = {part_of(module_name(path)) for path in KNOWLEDGE.rglob("*.py")} - {"knowledge"}
    assert parts == set(LAYERS), "give a new module or package of knowledge/ a layer in LAYERS"


def test_knowledge_imports_only_downwards():
    upward = []
    for path in KNOWLEDGE.rglob("*.py"):
        source = part_of(module_name(path))
        if source == "knowledge":
            continue
        for imported in knowledge_imports(path):
            target = part_of(imported)
            if target != source and target in LAYERS and LAYERS[target] >= LAYERS[source]:
                upward.append(f"{path.relative_to(PROJECT_ROOT)} imports {imported}")
    assert upward == []


def test_knowledge_top_level_stays_small():
    modules = [path.name for path in KNOWLEDGE.glob("*.py") if path.name not in ("__init__.py", "__main__.py")]
    assert len(modules) <= 8, modules


def test_knowledge_imports_neither_rasa_nor_fastapi():
    code = (
        "import sys, pkgutil, importlib, knowledge\n"
        "for m in pkgutil.walk_packages(knowledge.__path__, 'knowledge.'):\n"
        "    if m.name != 'knowledge.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'rasa', 'rasa_sdk', 'fastapi', 'starlette'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_adapters_do_not_import_each_other():
    """actions/ and bot/ are Rasa adapters, api/ the web adapter: none imports another's modules,
    except the shared settings sections and the launcher (api/serve.py starts bot's servers)."""
    allowed = {("api/serve.py", "bot")}
    crossing = []
    for package in ("actions", "api", "bot"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            relative = str(path.relative_to(PROJECT_ROOT))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else
                    [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                )  # fmt: skip
                for name in names:
                    top = name.split(".")[0]
                    if top in {"actions", "api", "bot"} - {package} and (relative, top) not in allowed:
                        crossing.append(f"{relative} imports {name}")
    assert crossing == []
