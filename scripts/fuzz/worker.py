"""The worker: a child process that runs targets on files named on its stdin, one JSON line per file."""

from __future__ import annotations

import io
import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from scripts.fuzz.common import CLI_OK_CODES, ROOT


def _strict_stdout() -> io.TextIOWrapper:
    """Like a terminal's stdout: UTF-8, strict (a lone surrogate raises, as it would for a real user)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")


def _lenient_stderr() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")


class TargetFailure(Exception):
    """A target finished but broke the contract (bad exit code, traceback on stderr)."""


class Worker:
    """Loads the app's modules once, then runs one target on one file per request."""

    def __init__(self) -> None:
        from loaders import load_corpus

        self.base = load_corpus(ROOT / "tests" / "fixtures", cache=False)
        self.published = set(self.base.challenges["challenge_id"])
        self.last_check = None

    def run(self, target: str, path: Path) -> None:
        getattr(self, "t_" + target.replace("-", "_"))(path)

    def t_load(self, path: Path) -> None:
        from loaders import load_corpus

        corpus = load_corpus(path.parent, cache=False)
        len(corpus.problems), repr(corpus)

    def _check(self, path: Path):
        """check_upload on the file; merge reuses the upload target's result for the same file."""
        from loaders.reader import MAX_BYTES as MAX_UPLOAD_BYTES
        from loaders.upload import check_upload

        with path.open("rb") as handle:  # the server's upload limit reads no more than this (as Streamlit does)
            data = handle.read(MAX_UPLOAD_BYTES + 1)
        if self.last_check and self.last_check[0] == (path, data):
            return self.last_check[1]
        check = check_upload(path.name, data, published=self.published, stem=path.stem)
        self.last_check = ((path, data), check)
        return check

    def t_upload(self, path: Path) -> None:
        """check_upload, then everything pages/add-plan.py does with the result before a user clicks Add."""
        from loaders.upload import excerpt
        from ui.format import md_escape

        check = self._check(path)
        if check.ok:  # the success notice
            f"{md_escape(check.plan.council.name)}, {check.plan.challenge.year} {len(check.plan.recommendations)}"
        table = check.problem_table()
        # Streamlit sends every string to the browser as UTF-8 protobuf: a lone surrogate cannot go.
        table.to_csv(index=False).encode("utf-8")
        for _, row in table.iterrows():
            str(row["problem"]).encode("utf-8")
        if check.text is not None:
            for line in check.problem_lines()[:8]:
                about = [p for p in check.problems if p.line == line]
                "; ".join(md_escape(f"{p.field + ': ' if p.field else ''}{p.message}") for p in about).encode("utf-8")
                excerpt(check.text, line).encode("utf-8")
        if check.normalised is not None:
            check.normalised.encode("utf-8")

    def t_merge(self, path: Path) -> None:
        """'Add to my session' (ui.data.corpus) and the page's list of added plans, for a plan the check passed."""
        from loaders import Source, build_corpus
        from loaders.merge import merge_corpora
        from loaders.upload import normalised_bytes
        from ui.format import md_escape

        check = self._check(path)
        if not check.ok:
            return
        name = path.name
        merged = merge_corpora(self.base, build_corpus([Source(f"upload: {name}", check.text or "", path.stem)]))
        row = merged.challenges[merged.challenges["file"] == f"upload: {name}"]
        if not row.empty:
            first = row.iloc[0]
            text = f"{md_escape(first['council_name'])} {first['year']} · {first['recommendations_captured']}"
            text.encode("utf-8")
        normalised_bytes(name, check.text or "")
        for frame in (merged.actions, merged.recommendations, merged.challenges, merged.reviews):
            frame.to_csv(index=False).encode("utf-8")  # every Download CSV button

    def _cli(self, argv: list[str]) -> None:
        from loaders.__main__ import main

        out, err = _strict_stdout(), _lenient_stderr()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(argv)
                out.flush()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        if code not in CLI_OK_CODES:
            raise TargetFailure(f"exit code {code}")

    def t_cli_validate(self, path: Path) -> None:
        self._cli(["validate", str(path)])

    def t_cli_normalise(self, path: Path) -> None:
        self._cli(["normalise", str(path)])
        out = path.parent / "normalised-out.yml.txt"
        self._cli(["normalise", str(path), "--to", str(out)])

    def t_cli_subprocess(self, path: Path) -> None:
        # Two interpreter starts (pandas, pydantic) per file. Each command may use twice the per-file limit in
        # CPU time (RLIMIT_CPU: over it, the kernel ends it with SIGXCPU, which counts as a crash) and six times
        # it in wall-clock time, since on a busy machine a start-up alone waited 8 s for a core.
        limit = float(os.environ.get("FUZZ_TIME_LIMIT", "20"))
        for argv in (["validate", str(path)], ["normalise", str(path)]):
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "loaders", *argv],
                    cwd=ROOT,
                    capture_output=True,
                    timeout=6 * limit,
                    preexec_fn=lambda: _limit_cpu(2 * limit),  # the worker's other thread only waits
                )
            except subprocess.TimeoutExpired:
                raise TargetFailure(f"`python -m loaders {argv[0]}` timed out after {6 * limit:.0f} s") from None
            err = done.stderr.decode("utf-8", "replace")
            if done.returncode < 0:
                raise TargetFailure(f"`python -m loaders {argv[0]}` died by {signal.Signals(-done.returncode).name}")
            if done.returncode not in CLI_OK_CODES or "Traceback (most recent call last)" in err:
                last = err.strip().splitlines()[-1:] or [""]
                raise TargetFailure(f"`python -m loaders {argv[0]}` exit {done.returncode}: {last[0][:300]}")


def _limit_cpu(seconds: float) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (math.ceil(seconds), math.ceil(seconds) + 5))


def _limit_memory(mb: int) -> None:
    import resource

    limit = mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _frames(tb_text: str) -> list[tuple[str, str]]:
    """(file, function) frames, innermost LAST, from a traceback or a faulthandler dump.

    A faulthandler dump lists each thread innermost first; the thread that ran the target (the one whose
    frames pass through this script's ``call``) is the one that matters, not the main thread waiting on it."""
    pattern = r'File "([^"]+)", line \d+(?:, in | in )(\S+)'
    if "most recent call first" not in tb_text:
        return [f for f in re.findall(pattern, tb_text) if "/scripts/fuzz" not in f[0]]
    blocks = re.split(r"^(?:Current thread|Thread) 0x[0-9a-f]+ .*$", tb_text, flags=re.M)
    threads = [list(reversed(re.findall(pattern, block))) for block in blocks]
    threads = [t for t in threads if t]
    chosen = next((t for t in threads if any(f[1] == "call" and "/scripts/fuzz" in f[0] for f in t)), None)
    chosen = chosen or (threads[0] if threads else [])
    return [f for f in chosen if "/scripts/fuzz" not in f[0]]


def _innermost(tb_text: str) -> str:
    """Where it broke: the deepest frame of the project's code (``loaders/frames.py:to_frames``), then the
    deepest frame of all when that is in a library (``-> pandas/core/arrays/integer.py:_safe_cast``)."""
    frames = _frames(tb_text)
    if not frames:  # faulthandler cannot run on a thread whose C stack overflowed: it dies without a dump
        return "no dump (C stack overflow?)"

    def short(frame: tuple[str, str]) -> str:
        path = frame[0].split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        path = re.sub(r"^.*/lib/python3\.\d+/", "", path)
        return f"{path}:{frame[1]}"

    ours = [f for f in frames if str(ROOT) in f[0] and "site-packages" not in f[0]]
    where = short(ours[-1]) if ours else ""
    last = short(frames[-1])
    return f"{where} -> {last}" if where and last != where else where or last


def worker_main(mem_mb: int) -> int:
    """Serve requests on stdin; replies go to the original stdout, everything a target prints is discarded."""
    import faulthandler
    import resource
    import traceback

    faulthandler.enable(all_threads=True)
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    _limit_memory(mem_mb)
    worker = Worker()
    proto.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        result: dict = {}

        def call(request=request, result=result) -> None:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                worker.run(request["target"], Path(request["path"]))
                result["kind"] = "ok"
            except TargetFailure as exc:
                result.update(kind="bad-exit", error=str(exc), where=request["target"])
            except BaseException as exc:  # every escape is exactly what we look for
                text = traceback.format_exc()
                first = f"{type(exc).__name__}: {str(exc)[:300]}" if not isinstance(exc, MemoryError) else "MemoryError"
                result.update(kind="exception", error=first, where=_innermost(text), traceback=text[-6000:])
            result["seconds"] = time.perf_counter() - start
            result["cpu"] = time.thread_time() - cpu

        # The app runs pages in Streamlit's script thread, so targets run in a thread too (same stack size).
        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        thread.join()
        result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        proto.write(json.dumps(result) + "\n")
        if result.get("error") == "MemoryError":
            return 0  # the heap may be in a bad state: let the parent start a fresh worker
    return 0
