"""Command line for data maintainers.

    python -m loaders validate PATH... [--strict]   every problem as file:line: field: message;
                                                    exit 1 if any error (with --strict: any warning too)
    python -m loaders export PATH... --to out.xlsx|out.zip|out.csv|folder/ [--frame NAME ...]
    python -m loaders normalise FILE [--to out.yaml | --in-place]
                                                    the plan re-serialised in schema order; --in-place
                                                    rewrites FILE and keeps the original as FILE.bak
    python -m loaders schema                        the JSON Schema of a plan file, for editors
    python -m loaders draft DOCUMENT [--to plan.yaml] [--force]   draft a plan from a council document

PATH is a plan file or a folder of them. Exit codes: 0 clean, 1 problems found, 2 usage error (a refused
target, an unknown export suffix, overwriting the input), 3 internal failure (a bug: one line on stderr; set
PCE_TRACEBACK=1 for the traceback). A failed write never leaves a half-written file: the previous one stays.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from loaders.atomic import write_bytes_atomic
from loaders.corpus import Corpus, build_corpus, plan_files, read_sources
from loaders.export import EXPORT_FRAMES, ExportTargetError, check_target, write_export
from loaders.models import Plan
from loaders.problems import PlanError

#: Exit codes (README "From the command line").
CLEAN, PROBLEMS, USAGE, INTERNAL = 0, 1, 2, 3

#: Suffix of the backup ``normalise --in-place`` keeps of the original file.
BACKUP_SUFFIX = ".bak"


class UsageError(Exception):
    """A request the command refuses (exit 2), with the one-line reason."""


def _load(paths: list[str]) -> Corpus:
    files = [f for p in paths for f in (plan_files(p) if Path(p).exists() else [Path(p)])]
    sources, problems = read_sources(files)
    return build_corpus(sources, problems=problems)


def _line(row) -> str:
    where = f"{row.file}:{row.line}" if row.line is not None and str(row.line) != "<NA>" else str(row.file)
    field = f" {row.field}:" if row.field else ""
    suffix = " (warning)" if row.severity == "warning" else ""
    return f"{where}:{field} {row.message}{suffix}"


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (also through links); False when either does not exist."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def validate(paths: list[str], *, strict: bool = False) -> int:
    """Print every problem, one per line, and a summary on stderr; 1 when any error (or warning if strict)."""
    corpus = _load(paths)
    for row in corpus.problems.itertuples():
        print(_line(row))
    errors = int((corpus.problems["severity"] == "error").sum())
    warnings = len(corpus.problems) - errors
    print(f"{len(corpus.plans)} plan(s) valid, {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return PROBLEMS if errors or (strict and warnings) else CLEAN


def export(paths: list[str], to: str, frames: list[str] | None = None) -> int:
    """Write the frames of the valid plans; problems go to stderr and make the exit code 1.

    The target is checked before anything is read (an unknown suffix or a missing folder is a usage error),
    and an input file is never the target.
    """
    try:
        check_target(to)
    except ExportTargetError as exc:
        raise UsageError(str(exc)) from None
    inputs = [f for p in paths for f in (plan_files(p) if Path(p).exists() else [])]
    if any(_same_file(f, Path(to)) for f in inputs):
        raise UsageError(f"{to}: is one of the input files; export to another name")
    corpus = _load(paths)
    chosen = {name: getattr(corpus, name) for name in (frames or EXPORT_FRAMES)}
    written = write_export(chosen, to)
    for path in written.paths:
        print(f"wrote {path}", file=sys.stderr)
    if written.cleaned_cells:
        print(
            f"warning: {written.cleaned_cells} cell(s) held control characters XLSX cannot store (or text too long "
            "for one cell); those characters were removed in the workbook — the plan files are unchanged",
            file=sys.stderr,
        )
    for row in corpus.problems.itertuples():
        print(_line(row), file=sys.stderr)
    return PROBLEMS if (corpus.problems["severity"] == "error").any() else CLEAN


def normalise(path: str, to: str | None, *, in_place: bool = False, drop_comments: bool = False) -> int:
    """Write a plan back in schema order (stdout, ``to``, or the file itself with ``in_place``); problems on
    stderr.

    The input is never overwritten by ``--to``; ``--in-place`` keeps the original as ``FILE.bak`` and refuses
    while comment lines would be lost (they cannot be carried through YAML) unless ``drop_comments``.
    """
    from loaders.reader import decode, read_plan_bytes
    from loaders.roundtrip import normalise_text

    file = Path(path)
    if in_place and to:
        raise UsageError("give either --to or --in-place, not both")
    if to and (_same_file(file, Path(to)) or Path(to).resolve() == file.resolve()):
        raise UsageError(f"{to}: is the input file; use --in-place to rewrite it (a backup is kept)")
    if to and not Path(to).parent.is_dir():
        raise UsageError(f"{Path(to).parent}: folder does not exist")
    try:
        raw = read_plan_bytes(file, name=path)
        result = normalise_text(decode(raw, name=path), name=path, stem=file.stem)
    except PlanError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return PROBLEMS
    except OSError as exc:
        print(f"{path}: cannot read file: {exc.strerror}", file=sys.stderr)
        return PROBLEMS
    for problem in result.problems:
        print(problem, file=sys.stderr)
    data = result.text.encode("utf-8")
    if in_place:
        if data == raw:
            print(f"{path}: already normalised; nothing written", file=sys.stderr)
        else:
            if result.dropped_comments and not drop_comments:
                raise UsageError(
                    f"{path}: not rewritten: {len(result.dropped_comments)} comment line(s) would be lost "
                    "(listed above); move them into the opening comment block, normalise --to another file, "
                    "or add --drop-comments (the original is kept as the backup)"
                )
            backup = file.with_name(file.name + BACKUP_SUFFIX)
            write_bytes_atomic(backup, raw)
            write_bytes_atomic(file, data)
            print(f"wrote {path} (the original is kept as {backup})", file=sys.stderr)
    elif to:
        write_bytes_atomic(to, data)
    else:
        sys.stdout.write(result.text)
    return PROBLEMS if any(p.severity == "error" for p in result.problems) else CLEAN


def _parser() -> argparse.ArgumentParser:
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
    n.add_argument("--to", help="output file (default: standard output); never the input file itself")
    n.add_argument("--in-place", action="store_true", help=f"rewrite the file itself, keeping FILE{BACKUP_SUFFIX}")
    n.add_argument(
        "--drop-comments", action="store_true", help="with --in-place: rewrite even though comment lines are lost"
    )
    sub.add_parser("schema", help="print the JSON Schema of a plan file")
    from loaders.importer import cli as draft_cli  # the importer's subcommand: `draft DOCUMENT --to plan.yaml`

    draft_cli.add_parser(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "draft":
        from loaders.importer import cli as draft_cli

        return draft_cli.run(args)
    if args.command == "validate":
        return validate(args.paths, strict=args.strict)
    if args.command == "export":
        return export(args.paths, args.to, args.frame)
    if args.command == "normalise":
        return normalise(args.path, args.to, in_place=args.in_place, drop_comments=args.drop_comments)
    print(json.dumps(Plan.model_json_schema(), indent=2, ensure_ascii=False))
    return CLEAN


def main(argv: list[str] | None = None) -> int:
    """Run one command; a refused request exits 2 and any unexpected failure 3, each with one line on stderr."""
    args = _parser().parse_args(argv)  # argparse itself exits 2 on a usage error
    try:
        return _run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # the one place a bug becomes exit 3 and one line instead of a traceback
        if os.environ.get("PCE_TRACEBACK"):
            traceback.print_exc()
        reason = " ".join(str(exc).split())[:300]
        print(
            f"error: {args.command} failed: {type(exc).__name__}: {reason} "
            "(no existing file was overwritten; PCE_TRACEBACK=1 shows the traceback)",
            file=sys.stderr,
        )
        return INTERNAL


if __name__ == "__main__":
    sys.exit(main())
