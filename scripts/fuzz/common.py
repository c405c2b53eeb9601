"""What every part of the fuzzer shares: paths, targets, limits."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ENTRY = ROOT / "scripts" / "fuzz_plans.py"
TEMPLATES = (ROOT / "docs" / "template-plan.yaml", ROOT / "tests" / "fixtures" / "testshire-2024.yaml")
TARGETS = ("load", "upload", "merge", "cli-validate", "cli-normalise", "cli-subprocess")
#: Exit codes the CLI documents: 0 clean, 1 problems found, 2 usage error.
CLI_OK_CODES = {0, 1, 2}
MAX_FILE = 2 * 1024 * 1024  # loaders.reader.MAX_BYTES, repeated so the generator needs no import of loaders
SAVED_PER_CAUSE = 3
