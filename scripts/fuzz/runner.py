"""The parent: generates files, hands them to workers, restarts dead ones, keeps the tally."""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

from scripts.fuzz.common import ENTRY, ROOT, TARGETS
from scripts.fuzz.generator import SHAPES, generate
from scripts.fuzz.tally import Tally, report
from scripts.fuzz.worker import _innermost

#: A worker gets at most this many times the per-file limit in wall-clock time, however little CPU it used.
WALL_FACTOR = 6


class WorkerProcess:
    def __init__(self, mem_mb: int, log: Path, time_limit: float) -> None:
        self.log = log
        env = {**os.environ, "FUZZ_TIME_LIMIT": str(time_limit), "PYTHONFAULTHANDLER": "1", "OMP_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1", "PCE_CACHE_DIR": tempfile.mkdtemp(prefix="fuzz-cache-")}  # fmt: skip
        self.err = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, str(ENTRY), "--worker", "--mem-mb", str(mem_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group: a kill takes its CLI subprocesses too
        )
        self.buffer = b""
        ready = self._reply(120)
        if not ready or not ready.get("ready"):
            raise RuntimeError(f"fuzz worker did not start; see {log}")

    def _reply(self, timeout: float) -> dict | None:
        """The next JSON line, or None when the worker died or ``timeout`` passed (then self.timed_out)."""
        deadline = time.monotonic() + timeout
        self.timed_out = False
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.timed_out = True
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def ask(self, target: str, path: Path, timeout: float) -> dict:
        log_at = self.log.stat().st_size
        try:
            self.proc.stdin.write((json.dumps({"target": target, "path": str(path)}) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        started, cpu_at = time.monotonic(), self.cpu_seconds()
        reply = self._reply(timeout)
        while reply is None and self.timed_out:
            # The limit is the worker's CPU time, with wall-clock time as a backstop: on a machine shared with
            # other jobs (load average 10+ on 2 cores) a file that needs 5 s of CPU can take 30 s of wall
            # time, which is the machine's fault, not the file's.
            used = self.cpu_seconds() - cpu_at
            if used >= timeout or time.monotonic() - started >= WALL_FACTOR * timeout:
                break
            reply = self._reply(max(timeout - used, 1.0))
        if reply is not None:
            return reply
        if self.timed_out:
            os.killpg(self.proc.pid, signal.SIGUSR1)  # faulthandler: where is it stuck?
            time.sleep(0.7)
            self.stop()
            dump = self._log_since(log_at)
            error = f"no answer within {timeout:.0f} s of CPU time"
            return {"kind": "timeout", "error": error, "where": _innermost(dump), "traceback": dump[-6000:],
                    "seconds": time.monotonic() - started}  # fmt: skip
        code = self.proc.wait()
        dump = self._log_since(log_at)
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"worker exited with {code}"
        self.stop()
        return {"kind": "signal", "error": how, "where": _innermost(dump), "traceback": dump[-6000:], "seconds": 0}

    def cpu_seconds(self) -> float:
        """CPU time the worker (and its finished children) has used: utime, stime, cutime, cstime of /proc."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            return float("inf")  # gone, or no /proc: fall back to wall-clock time
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def _log_since(self, offset: int) -> str:
        with open(self.log, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.err.close()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None


def _start_worker(args: argparse.Namespace, log: Path) -> WorkerProcess | None:
    """A fresh worker; a few tries, since a busy machine (or a venv being upgraded) can delay its start."""
    for attempt in range(3):
        try:
            return WorkerProcess(args.mem_mb, log, args.time_limit)
        except RuntimeError:
            time.sleep(5 * (attempt + 1))
    return None


def run(args: argparse.Namespace) -> int:
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        sys.exit(f"unknown target(s): {', '.join(sorted(unknown))}; choose from {', '.join(TARGETS)}")
    shapes = [s for s in (args.shapes.split(",") if args.shapes else SHAPES) if s]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="fuzz-plans-"))
    tally = Tally(out)
    started = time.monotonic()
    indices = iter(range(args.start, args.start + args.count))
    next_lock = threading.Lock()
    progress_every = max(1, args.count // 20)

    def slot(number: int) -> None:
        log = work / f"worker-{number}.log"
        worker: WorkerProcess | None = None
        while True:
            with next_lock:
                index = next(indices, None)
            if index is None:
                break
            case = generate(args.seed, index, shapes)
            folder = work / f"case-{index}"
            folder.mkdir()
            path = folder / case.name
            path.write_bytes(case.data)
            for target in targets:
                if target == "cli-subprocess" and index % args.subprocess_every:
                    continue
                if worker is None or not worker.alive:
                    worker = _start_worker(args, log)
                    if worker is None:  # the environment, not a file, is broken: stop, and say so in the report
                        tally.not_started = f"a worker would not start 3 times (see {log}); the run stopped early"
                        return
                limit = args.time_limit * (6.5 if target == "cli-subprocess" else 1) + 2
                reply = worker.ask(target, path, limit)
                tally.record(case, target, reply)
            for child in folder.iterdir():
                child.unlink()
            folder.rmdir()
            with tally.lock:
                tally.files += 1
                tally.shapes[re.sub(r"[\[_].*", "", case.shape)] += 1
                if tally.files % progress_every == 0:
                    print(f"  {tally.files}/{args.count} files, {len(tally.crashes)} crash(es), "
                          f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
        if worker is not None:
            worker.stop()

    threads = [threading.Thread(target=slot, args=(n,)) for n in range(args.jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    import resource

    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report(tally, targets, time.monotonic() - started, children_peak, args)
    return 1 if tally.crashes or tally.not_started else 0
