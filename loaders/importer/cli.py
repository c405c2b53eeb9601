"""``python -m loaders draft DOCUMENT [--to plan.yaml] [--force]``: draft a plan and print the findings.

Exit codes as the other commands: 0 clean draft, 1 the draft has validation problems (or the document
could not be read), 2 usage error (missing file, refusing to overwrite), 3 internal failure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    draft = sub.add_parser("draft", help="draft a plan file from a council document (PDF, DOCX, HTML, XLSX, CSV, text)")
    draft.add_argument("document")
    draft.add_argument("--to", help="write the draft plan here (default: standard output)")
    draft.add_argument("--force", action="store_true", help="overwrite --to if it exists")


def _write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place, so a failed write leaves nothing."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    from loaders.importer import draft_plan

    source = Path(args.document)
    if not source.is_file():
        print(f"{source}: no such file", file=sys.stderr)
        return 2
    target = Path(args.to) if args.to else None
    if target is not None and target.exists() and not args.force:
        print(f"{target}: already exists; use --force to overwrite it", file=sys.stderr)
        return 2
    try:
        draft = draft_plan(source)
    except Exception:
        traceback.print_exc(file=sys.stderr)
        return 3
    for finding in draft.findings:
        print(f"{finding.where}: {finding.what} [{finding.confidence}] {finding.why}")
    if target is None:
        sys.stdout.write(draft.yaml)
    else:
        _write(target, draft.yaml)
        print(f"wrote {target}", file=sys.stderr)
    for problem in draft.problems:
        print(problem, file=sys.stderr)
    unread = any(f.what == "document not read" for f in draft.findings)
    errors = any(p.severity == "error" for p in draft.problems)
    recs = len(draft.plan.get("recommendations") or [])
    print(
        f"{recs} recommendation(s), {len(draft.plan.get('actions') or [])} action(s), {len(draft.problems)} problem(s)",
        file=sys.stderr,
    )
    return 1 if errors or unread else 0
