"""Timing and memory of one sphinx-build subprocess, and medians of repeats.

Each build runs as a child process: its wall time is measured around
``os.wait4``, which also returns the child's own ``ru_maxrss`` (the largest
single process, workers included once reaped); a sampling thread adds up the
RSS of the whole process tree (``-j`` workers included) with psutil, and,
less often, its PSS: ``-j`` workers are forks that share most of their pages
with the main process, which each one's RSS counts again, while PSS splits a
shared page among the processes sharing it, so the tree's PSS is the memory
the build really holds.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import psutil

SAMPLE_SECONDS = 0.05
#: PSS costs the kernel a walk of every page (about 20 ms per 500 MiB
#: process, ``/proc/<pid>/smaps_rollup``): sampled every 2 s, so that the
#: sampler takes a few per cent of one core, not a fifth. A build's memory
#: peak lasts a phase (reading, writing), many seconds at the sizes where
#: memory matters.
PSS_SAMPLE_SECONDS = 2.0
#: ... and whenever the tree's RSS grew by this factor since the last PSS
#: sample, so that a short build or a quick rise is caught too.
PSS_AGAIN_AFTER = 1.05


class BuildFailed(RuntimeError):
    pass


class BuildTimeout(RuntimeError):
    pass


@dataclass
class Build:
    seconds: float
    tree_rss_peak: int  #: bytes, sum over the process tree, sampled
    maxrss: int  #: bytes, largest single process (rusage)
    load: float  #: 1-minute load average when the build ended
    warnings: int = 0  #: WARNING lines in the build's output
    tree_pss_peak: int = 0  #: bytes, PSS summed over the process tree, sampled


@dataclass
class Figure:
    """The median of ``runs`` timed builds after ``warmups`` untimed ones."""

    name: str
    builds: list[Build] = field(default_factory=list)
    warmups: int = 0
    note: str = ""
    error: str = ""

    def _values(self, attr):
        return [getattr(build, attr) for build in self.builds]

    @property
    def median(self) -> float | None:
        return statistics.median(self._values("seconds")) if self.builds else None

    @property
    def min(self) -> float | None:
        return min(self._values("seconds")) if self.builds else None

    @property
    def max(self) -> float | None:
        return max(self._values("seconds")) if self.builds else None

    @property
    def tree_rss_peak(self) -> int | None:
        return max(self._values("tree_rss_peak")) if self.builds else None

    @property
    def tree_pss_peak(self) -> int | None:
        return max(self._values("tree_pss_peak")) if self.builds else None

    @property
    def maxrss(self) -> int | None:
        return max(self._values("maxrss")) if self.builds else None

    def as_dict(self) -> dict:
        return {
            "name": self.name, "runs": len(self.builds), "warmups": self.warmups,
            "median_s": self.median, "min_s": self.min, "max_s": self.max,
            "tree_rss_peak_bytes": self.tree_rss_peak, "tree_pss_peak_bytes": self.tree_pss_peak,
            "maxrss_bytes": self.maxrss,
            "builds": [asdict(build) for build in self.builds],
            "note": self.note, "error": self.error,
        }


def sphinx_command(srcdir: Path, confdir: Path, outdir: Path, doctreedir: Path,
                   jobs: str | None = None, strict: bool = False) -> list[str]:
    """The Makefile's build command, quiet. Not ``-W`` by default: a warning
    (counted and reported) must not cost a figure; the timing is the same."""
    command = [sys.executable, "-m", "sphinx", "-c", str(confdir), "-q", "--keep-going", "-n"]
    if strict:
        command += ["-W"]
    if jobs:
        command += ["-j", jobs]
    return command + ["-b", "html", str(srcdir), str(outdir), "-d", str(doctreedir)]


def _tree_memory(process: psutil.Process, measure: Callable[[psutil.Process], int]) -> int:
    total = 0
    try:
        for proc in [process, *process.children(recursive=True)]:
            try:
                total += measure(proc)
            except psutil.Error:
                pass
    except psutil.Error:
        pass
    return total


def _rss(proc: psutil.Process) -> int:
    return proc.memory_info().rss


def _pss(proc: psutil.Process) -> int:
    """0 where the system gives no PSS (psutil has it on Linux only)."""
    return getattr(proc.memory_full_info(), "pss", 0)


def run_build(command: list[str], cwd: Path, timeout: float, log: Path) -> Build:
    """Run one build; raise BuildFailed / BuildTimeout."""
    with open(log, "wb") as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        process = psutil.Process(child.pid)
        peak = pss_peak = rss_at_pss = 0
        pss_due = start
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, pss_peak, pss_due, rss_at_pss
            while not done.is_set():
                rss = _tree_memory(process, _rss)
                peak = max(peak, rss)
                if time.perf_counter() >= pss_due or rss > rss_at_pss * PSS_AGAIN_AFTER:
                    pss_peak = max(pss_peak, _tree_memory(process, _pss))
                    rss_at_pss = rss
                    pss_due = time.perf_counter() + PSS_SAMPLE_SECONDS
                if time.perf_counter() - start > timeout:
                    # Kill our own build (and its -j workers) by pid only.
                    for proc in [*process.children(recursive=True), process]:
                        try:
                            proc.kill()
                        except psutil.Error:
                            pass
                    return
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    if seconds > timeout:
        raise BuildTimeout(f"killed after {timeout:.0f} s")
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise BuildFailed(f"exit {child.returncode}: {tail}")
    warnings = log.read_text(errors="replace").count("WARNING")
    # ru_maxrss is in KiB on Linux.
    return Build(seconds=seconds, tree_rss_peak=peak, maxrss=usage.ru_maxrss * 1024,
                 load=os.getloadavg()[0], warnings=warnings, tree_pss_peak=pss_peak)


def measure(name: str, command: list[str], cwd: Path, *, runs: int, warmups: int = 1,
            prepare: Callable[[int], None] = lambda run: None, timeout: float = 600,
            log: Path, slow_after: float | None = None) -> Figure:
    """Warm-up(s), then ``runs`` timed builds, each after ``prepare(i)``
    (untimed: clean the output, edit a source).

    When the warm-up alone exceeds ``slow_after`` seconds, it is kept as the
    only run (recorded in ``note``), to keep the whole run bounded.
    """
    figure = Figure(name, warmups=warmups)
    print(f"  {name} ...", end="", flush=True)
    index = 0
    try:
        for _ in range(warmups):
            prepare(index)
            index += 1
            warm = run_build(command, cwd, timeout, log)
            if slow_after is not None and warm.seconds > slow_after:
                # A warm cache matters little to a build this long: the first
                # build is the figure, and no more are run.
                figure.builds.append(warm)
                figure.warmups = 0
                figure.note = (f"first build took {warm.seconds:.0f} s > {slow_after:.0f} s: "
                               "it is the only run (time budget)")
                runs = 0
                break
        for _ in range(runs):
            prepare(index)
            index += 1
            figure.builds.append(run_build(command, cwd, timeout, log))
    except (BuildFailed, BuildTimeout) as error:
        figure.error = f"{type(error).__name__}: {error}"
    warned = max((build.warnings for build in figure.builds), default=0)
    if warned:
        first = next((line for line in log.read_text(errors="replace").splitlines()
                      if "WARNING" in line), "")
        figure.note = "; ".join(filter(None, [figure.note,
                                              f"{warned} warning(s), e.g. {first[:200]}"]))
    if figure.builds:
        print(f" median {figure.median:.2f} s (min {figure.min:.2f}, max {figure.max:.2f}, "
              f"n={len(figure.builds)})" + (f" [{figure.note}]" if figure.note else ""))
    else:
        print(f" FAILED {figure.error[:300]}")
    return figure
