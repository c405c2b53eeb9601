"""The tally: crashes by cause (with a few saved reproducers each), worst time per KB, peak memory; the report."""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scripts.fuzz.common import SAVED_PER_CAUSE
from scripts.fuzz.generator import Case

#: Files at least this big (KB) count as large: the slowest of them per target is reported on its own.
LARGE_KB = 256


@dataclass
class Tally:
    out: Path
    files: int = 0
    calls: int = 0
    crashes: list[dict] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=lambda: defaultdict(list))
    shapes: Counter = field(default_factory=Counter)
    worst: dict = field(default_factory=dict)  # target -> (ms per KB, shape, size, seconds, index, cpu seconds)
    slowest_large: dict = field(default_factory=dict)  # target -> (seconds, cpu, shape, size, index), >= LARGE_KB
    seconds: Counter = field(default_factory=Counter)  # target -> total seconds of its calls
    peak_rss_kb: int = 0
    peak_case: str = ""
    numbers: dict = field(default_factory=dict)  # cause -> its folder number under out/
    not_started: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, case: Case, target: str, reply: dict) -> None:
        with self.lock:
            self.calls += 1
            size_kb = len(case.data) / 1024
            seconds = reply.get("seconds", 0.0)
            self.seconds[target] += seconds
            if reply["kind"] == "ok":
                per_kb, cpu = seconds * 1000 / max(size_kb, 1.0), reply.get("cpu", 0.0)
                if per_kb > self.worst.get(target, (0,))[0]:
                    self.worst[target] = (per_kb, case.shape, size_kb, seconds, case.index, cpu)
                if size_kb >= LARGE_KB and seconds > self.slowest_large.get(target, (0,))[0]:
                    self.slowest_large[target] = (seconds, cpu, case.shape, size_kb, case.index)
            rss = reply.get("rss_kb", 0)
            if rss > self.peak_rss_kb:
                self.peak_rss_kb, self.peak_case = rss, f"#{case.index} {case.shape} ({size_kb:,.0f} KB) in {target}"
            if reply["kind"] == "ok":
                return
            shape_family = re.sub(r"\[.*?\]|_\d+|\+.*", "", case.shape)
            cause = f"{target} | {reply['kind']} | {reply.get('where', '?')} | {_short(reply.get('error', ''))}"
            cause_key = f"{cause} | {shape_family}"
            self.causes[cause_key] += 1
            entry = {"index": case.index, "shape": case.shape, "target": target, "size_kb": round(size_kb, 1),
                     "kind": reply["kind"], "where": reply.get("where"), "error": reply.get("error"),
                     "seconds": round(seconds, 2)}  # fmt: skip
            self.crashes.append(entry)
            if len(self.examples[cause_key]) < SAVED_PER_CAUSE:
                number = self.numbers.setdefault(cause_key, len(self.numbers) + 1)
                folder = self.out / f"{number:03d}-{_slug(cause_key)}"
                folder.mkdir(parents=True, exist_ok=True)
                file = folder / f"{case.index}-{case.name}"
                file.write_bytes(case.data)
                note = {**entry, "file": str(file), "traceback": reply.get("traceback", "")}
                file.with_suffix(".txt").write_text(json.dumps(note, indent=2), encoding="utf-8")
                self.examples[cause_key].append(str(file))


def _short(error: str) -> str:
    """An error message with its numbers and quoted values blanked, so one cause is one line."""
    error = re.sub(r"'[^']*'|\"[^\"]*\"", "…", error.splitlines()[0] if error else "")
    return re.sub(r"\d[\d,_.]*", "N", error)[:120]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:90]


def report(tally: Tally, targets: list[str], elapsed: float, children_peak_kb: int, args) -> None:
    print(f"fuzz_plans: seed {args.seed}, files {args.start}..{args.start + args.count - 1}, "
          f"targets {', '.join(targets)}, {args.jobs} worker(s), "
          f"limits {args.time_limit:.0f} s and {args.mem_mb} MB")  # fmt: skip
    print(f"files tried: {tally.files} of {args.count} ({tally.calls} target calls) in {elapsed:.0f} s")
    if tally.not_started:
        print(f"WARNING: {tally.not_started}")
    print("  by shape: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.shapes.items())))
    print(f"crashes: {len(tally.crashes)}")
    for cause, count in tally.causes.most_common():
        print(f"  {count:5d}  {cause}")
        for example in tally.examples[cause][:1]:
            print(f"         e.g. {example}")
    print("worst time per KB (files under 1 KB count as 1 KB):")
    for target in targets:
        if target in tally.worst:
            per_kb, shape, size_kb, seconds, index, cpu = tally.worst[target]
            print(f"  {target:15s} {per_kb:9.1f} ms/KB  #{index} {shape} ({size_kb:,.0f} KB, {seconds:.2f} s, "
                  f"{cpu:.2f} s CPU)"
                  f"; all calls {tally.seconds[target]:.0f} s")  # fmt: skip
    print(f"slowest large file (>= {LARGE_KB} KB):")
    for target in targets:
        if target in tally.slowest_large:
            seconds, cpu, shape, size_kb, index = tally.slowest_large[target]
            print(f"  {target:15s} {seconds:6.2f} s ({cpu:.2f} s CPU)  #{index} {shape} ({size_kb:,.0f} KB)")
    print(f"peak memory: {max(tally.peak_rss_kb, children_peak_kb) / 1024:,.0f} MB (ru_maxrss of the workers; "
          f"highest after {tally.peak_case})")  # fmt: skip
    summary = {
        "seed": args.seed, "count": args.count, "files": tally.files, "calls": tally.calls,
        "crashes": tally.crashes, "causes": dict(tally.causes), "examples": dict(tally.examples),
        "worst_ms_per_kb": tally.worst, "slowest_large": tally.slowest_large,
        "peak_rss_mb": max(tally.peak_rss_kb, children_peak_kb) / 1024,
    }  # fmt: skip
    (tally.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    print(f"reproducers and summary.json in {tally.out}")
