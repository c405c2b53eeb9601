"""Command line for data maintainers.

    python -m loaders validate PATH...      every problem as file:line: field: message; exit 1 if any error
    python -m loaders export PATH --to out.xlsx|out.csv|folder/
    python -m loaders schema                the JSON Schema of a plan file, for editors
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders.corpus import build_corpus, plan_files, read_sources
from loaders.models import Plan

EXPORT_FRAMES = ("councils", "challenges", "recommendations", "actions", "steps", "notes")


def _load(paths: list[str]):
    files = [f for p in paths for f in (plan_files(p) if Path(p).exists() else [Path(p)])]
    sources, problems = read_sources(files)
    return build_corpus(sources, problems=problems)


def validate(paths: list[str]) -> int:
    corpus = _load(paths)
    for row in corpus.problems.itertuples():
        where = f"{row.file}:{row.line}" if row.line is not None and str(row.line) != "<NA>" else row.file
        field = f" {row.field}:" if row.field else ""
        print(f"{where}:{field} {row.message} [{row.severity}]")
    errors = int((corpus.problems["severity"] == "error").sum())
    print(
        f"{len(corpus.plans)} plan(s) valid, {errors} error(s), "
        f"{len(corpus.problems) - errors} warning(s)",
        file=sys.stderr,
    )
    return 1 if errors else 0


def export(paths: list[str], to: str) -> int:
    corpus = _load(paths)
    target = Path(to)
    frames = {name: getattr(corpus, name) for name in EXPORT_FRAMES}
    if target.suffix == ".xlsx":
        from loaders.export import write_xlsx

        write_xlsx(frames, target)
    elif target.suffix == ".csv":
        frames["actions"].to_csv(target, index=False)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            frame.to_csv(target / f"{name}.csv", index=False)
    print(f"wrote {target}", file=sys.stderr)
    return 1 if (corpus.problems["severity"] == "error").any() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate plan files or folders")
    v.add_argument("paths", nargs="+")
    e = sub.add_parser("export", help="export plans to XLSX or CSV")
    e.add_argument("paths", nargs="+")
    e.add_argument("--to", required=True, help="out.xlsx, out.csv (actions) or a folder for one CSV per frame")
    sub.add_parser("schema", help="print the JSON Schema of a plan file")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths)
    if args.command == "export":
        return export(args.paths, args.to)
    print(json.dumps(Plan.model_json_schema(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
