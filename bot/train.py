"""Train the Rasa model only when its inputs changed.

``python -m bot.train`` regenerates the FAQ intents' NLU data from the
knowledge files, hashes every training input (domain, data, ``config.yml``,
custom components) and runs ``rasa train`` unless a model with that hash is
already in ``models/rasa/``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot.nlu_from_faq import main as generate_nlu
from knowledge.settings import PROJECT_ROOT

__all__ = ["MODEL", "fingerprint", "main", "training_inputs"]

MODEL_DIR = PROJECT_ROOT / "models" / "rasa"
MODEL = MODEL_DIR / "nenkin.tar.gz"
FINGERPRINT = MODEL_DIR / "nenkin.fingerprint"


def training_inputs(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every file whose content shapes the trained model, in a stable order."""
    bot = root / "bot"
    files = [root / "config.yml", bot / "domain.yml", *sorted((bot / "data").rglob("*.yml"))]
    files += [*sorted((bot / "components").glob("*.py")), root / "knowledge" / "text" / "japanese.py"]
    return files


def fingerprint(files: list[Path], root: Path = PROJECT_ROOT) -> str:
    """SHA-256 over the files' relative paths and contents."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def main() -> int:
    """Regenerate NLU data, then train if the fingerprint changed."""
    generate_nlu([])
    current = fingerprint(training_inputs())
    if MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text().strip() == current:
        print(f"Rasa model is up to date ({MODEL.relative_to(PROJECT_ROOT)})")
        return 0
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", "config.yml", "--domain", "bot/domain.yml", "--data", "bot/data",
        "--out", str(MODEL_DIR), "--fixed-model-name", MODEL.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    if result.returncode != 0:
        print("rasa train failed; the previous model (if any) is kept", file=sys.stderr)
        return result.returncode
    FINGERPRINT.write_text(current + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
