"""Command line for data maintainers.

    python -m loaders validate PATH... [--strict]   every problem as file:line: field: message;
                                                    exit 1 if any error (with --strict: any warning too)
    python -m loaders export PATH... --to out.xlsx|out.zip|out.csv|folder/ [--frame NAME ...]
    python -m loaders normalise FILE [--to out.yaml]  the plan re-serialised in schema order
    python -m loaders schema                        the JSON Schema of a plan file, for editors
    python -m loaders draft DOCUMENT [--to plan.yaml] [--force]   draft a plan from a council document

PATH is a plan file or a folder of them. Exit codes: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders.corpus import Corpus, build_corpus, plan_files, read_sources
from loaders.export import EXPORT_FRAMES, export_frames
from loaders.models import Plan
from loaders.problems import PlanError


def _load(paths: list[str]) -> Corpus:
    files = [f for p in paths for f in (plan_files(p) if Path(p).exists() else [Path(p)])]
    sources, problems = read_sources(files)
    return build_corpus(sources, problems=problems)


def _line(row) -> str:
    where = f"{row.file}:{row.line}" if row.line is not None and str(row.line) != "<NA>" else str(row.file)
    field = f" {row.field}:" if row.field else ""
    suffix = " (warning)" if row.severity == "warning" else ""
    return f"{where}:{field} {row.message}{suffix}"


def validate(paths: list[str], *, strict: bool = False) -> int:
    """Print every problem, one per line, and a summary on stderr; 1 when any error (or warning if strict)."""
    corpus = _load(paths)
    for row in corpus.problems.itertuples():
        print(_line(row))
    errors = int((corpus.problems["severity"] == "error").sum())
    warnings = len(corpus.problems) - errors
    print(f"{len(corpus.plans)} plan(s) valid, {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def export(paths: list[str], to: str, frames: list[str] | None = None) -> int:
    """Write the frames of the valid plans; problems go to stderr and make the exit code 1."""
    corpus = _load(paths)
    chosen = {name: getattr(corpus, name) for name in (frames or EXPORT_FRAMES)}
    for path in export_frames(chosen, to):
        print(f"wrote {path}", file=sys.stderr)
    for row in corpus.problems.itertuples():
        print(_line(row), file=sys.stderr)
    return 1 if (corpus.problems["severity"] == "error").any() else 0


def normalise(path: str, to: str | None) -> int:
    """Write a plan back in schema order (stdout or ``to``); problems on stderr."""
    from loaders.reader import decode
    from loaders.roundtrip import normalise_text

    file = Path(path)
    try:
        result = normalise_text(decode(file.read_bytes(), name=path), name=path, stem=file.stem)
    except PlanError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{path}: cannot read file: {exc.strerror}", file=sys.stderr)
        return 1
    if to:
        Path(to).write_text(result.text, encoding="utf-8")
    else:
        sys.stdout.write(result.text)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return 1 if any(p.severity == "error" for p in result.problems) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate plan files or folders")
    v.add_argument("paths", nargs="+")
    v.add_argument("--strict", action="store_true", help="warnings fail too")
    e = sub.add_parser("export", help="export plans to XLSX or CSV")
    e.add_argument("paths", nargs="+")
    e.add_argument("--to", required=True, help="out.xlsx, out.zip (CSVs), out.csv (out-<frame>.csv) or a folder")
    e.add_argument("--frame", action="append", choices=EXPORT_FRAMES, help="only these frames (repeatable)")
    n = sub.add_parser("normalise", help="re-serialise one plan in schema order")
    n.add_argument("path")
    n.add_argument("--to", help="output file (default: standard output)")
    sub.add_parser("schema", help="print the JSON Schema of a plan file")
    from loaders.importer import cli as draft_cli  # the importer's subcommand: `draft DOCUMENT --to plan.yaml`

    draft_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "draft":
        return draft_cli.run(args)
    if args.command == "validate":
        return validate(args.paths, strict=args.strict)
    if args.command == "export":
        return export(args.paths, args.to, args.frame)
    if args.command == "normalise":
        return normalise(args.path, args.to)
    print(json.dumps(Plan.model_json_schema(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
