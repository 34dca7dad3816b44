"""The knowledge engine stays free of Rasa and FastAPI, so every adapter can use it."""

import subprocess
import sys

from tests.conftest import PROJECT_ROOT


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
