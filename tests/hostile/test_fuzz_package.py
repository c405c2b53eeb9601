"""The fuzzer (``make fuzz``) after its split into scripts/fuzz/: the same files for a seed, every module under
the project's 500-line rule, and a crash still located in the project's code (the thread that ran the target
is found by the worker module's path, which moved out of scripts/fuzz_plans.py)."""

from __future__ import annotations

import hashlib

from scripts.fuzz.common import ROOT
from scripts.fuzz.generator import SHAPES, generate
from scripts.fuzz.worker import _innermost

FUZZ = ROOT / "scripts" / "fuzz"


def test_every_fuzzer_module_is_small() -> None:
    modules = [*FUZZ.glob("*.py"), ROOT / "scripts" / "fuzz_plans.py"]
    assert len(modules) >= 6
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in modules}
    assert max(sizes.values()) <= 500, sizes


def test_a_seed_and_index_give_the_same_file() -> None:
    shapes = list(SHAPES)
    first = [generate(1, index, shapes) for index in range(30)]
    again = [generate(1, index, shapes) for index in range(30)]
    assert first == again
    assert len({hashlib.sha256(case.data).hexdigest() for case in first}) == 30
    assert generate(2, 0, shapes).data != first[0].data


def test_a_timeout_dump_names_the_targets_thread() -> None:
    worker = str(FUZZ / "worker.py")
    dump = f"""Fatal Python error: ...

Current thread 0x00007f00 (most recent call first):
  File "/usr/lib/python3.11/threading.py", line 1112 in join
  File "{worker}", line 210 in worker_main
  File "{ROOT / "scripts" / "fuzz_plans.py"}", line 70 in main

Thread 0x00007f01 (most recent call first):
  File "{ROOT}/loaders/owners.py", line 10 in _key
  File "{ROOT}/loaders/corpus.py", line 90 in build_corpus
  File "{worker}", line 200 in call
  File "/usr/lib/python3.11/threading.py", line 975 in run
"""
    assert _innermost(dump) == "loaders/owners.py:_key"
