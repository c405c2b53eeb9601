"""Feed thousands of generated hostile plan files to every way a plan gets in, and count what breaks.

    .venv/bin/python scripts/fuzz_plans.py [--count 2000] [--seed 1] [--targets load,upload,merge,...]
                                           [--out /tmp/fuzz-crashes] [--jobs 2] [--time-limit 20] [--mem-mb 2048]

The README promises that bad input "is a problem row, never a crash" (issue 15). This script tests that
promise the way an attacker or a careless maintainer would, with a seeded generator (the same seed gives the
same files): deep flow and block nesting (up to 500k levels), long runs of one character in every text field,
huge/hex/sexagesimal/underscored numbers in every number field, many unknown keys, aliases and anchors,
markup and spreadsheet formulas, control characters and lone surrogates, non-UTF-8 bytes, BOMs, CRLF, very
long lines, and mutations of the template and the test fixture (lines deleted, duplicated, swapped, values
retyped).

Targets (each file goes to each chosen target):
    load            loaders.load_corpus on a folder holding the file (cache off)
    upload          loaders.upload.check_upload, then what the Add a plan page does with its result
    merge           "Add to my session": build_corpus on the upload and merge_corpora with a published corpus
    cli-validate    `python -m loaders validate FILE`, run in the worker (stdout strict UTF-8, like a terminal)
    cli-normalise   `python -m loaders normalise FILE` to stdout and with --to
    cli-subprocess  the same two commands as real subprocesses, for every --subprocess-every'th file

Every target runs in a CHILD process (a worker that takes many files one after another, restarted after a
crash) under a memory limit (RLIMIT_AS) and a time limit per file (the worker is killed on expiry, after a
faulthandler dump says where it was). The time limit counts the worker's CPU time, with 6x the limit in
wall-clock time as a backstop: on a shared machine a file can wait for a core far longer than it computes.
A crash is: the worker died by a signal, an uncaught exception, a CLI exit code other than the documented
0/1/2 or a traceback on its stderr, or a timeout. The first few reproducers of every kind of crash are saved
under --out with a note of the target and the traceback.

It prints files tried, crashes by cause, the worst time per KB (and which file, with its CPU time), the slowest
file of 256 KB or more per target, and peak memory; exit 1 when anything crashed. The code is in scripts/fuzz/:
generator (the seeded files), worker (the child process and its targets), runner (the parent), tally (the
figures and the report). Run by `make fuzz` (FUZZ_ARGS="--count 500"), never by `make test`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.fuzz.common import TARGETS  # noqa: E402 - after the path is set
from scripts.fuzz.generator import SHAPES, generate  # noqa: E402
from scripts.fuzz.runner import run  # noqa: E402
from scripts.fuzz.tally import _slug  # noqa: E402
from scripts.fuzz.worker import worker_main  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000, help="files to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first file index (to rerun one: --start I --count 1)")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, from {','.join(TARGETS)}")
    parser.add_argument("--shapes", default="", help=f"only these generators, from {','.join(SHAPES)}")
    parser.add_argument("--out", default="/tmp/fuzz-crashes", help="folder for reproducers and summary.json")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per file and target (default 20)")
    parser.add_argument("--mem-mb", type=int, default=2048, help="address-space limit per worker (default 2048)")
    parser.add_argument("--subprocess-every", type=int, default=25, help="cli-subprocess on every Nth file")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", metavar="DIR", help="only write the generated files to DIR (no targets run)")
    args = parser.parse_args()
    if args.worker:
        return worker_main(args.mem_mb)
    if args.write:
        shapes = [s for s in (args.shapes.split(",") if args.shapes else SHAPES) if s]
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(args.start, args.start + args.count):
            case = generate(args.seed, index, shapes)
            (folder / f"{index}-{_slug(case.shape)}-{case.name}").write_bytes(case.data)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
