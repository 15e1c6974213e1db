"""Profile one build with pyinstrument (a subprocess, ``-j 1``) and summarise
where the time goes: functions by inclusive time (recursion counted once)
and by self time, each with its file and share of the build."""

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from pyinstrument.renderers import ConsoleRenderer
from pyinstrument.session import Session

INTERVAL = "0.005"


def profile_build(sphinx_args: list[str], cwd: Path, session_file: Path,
                  timeout: float) -> Session:
    command = [sys.executable, "-m", "pyinstrument", "-i", INTERVAL, "-r", "pyisession",
               "-o", str(session_file), "-m", "sphinx", *sphinx_args]
    subprocess.run(command, cwd=cwd, check=True, timeout=timeout,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Session.load(str(session_file))


def _where(frame) -> tuple[str, str, int]:
    return (frame.function, frame.file_path_short or "", frame.line_no or 0)


def _is_wrapper(path: str) -> bool:
    """The profiler's and Python's start-up frames: 100 % and no information."""
    return any(part in path for part in ("pyinstrument", "runpy", "<string>",
                                         "sphinx/__main__", "sphinx/cmd/build"))


def hot_spots(session: Session, top: int = 20) -> dict:
    root = session.root_frame()
    total = root.time if root else 0.0
    inclusive: dict = defaultdict(float)
    own: dict = defaultdict(float)

    def walk(frame, on_stack: frozenset) -> None:
        where = _where(frame)
        if where not in on_stack:
            inclusive[where] += frame.time
        own[where] += frame.total_self_time
        for child in frame.children:
            walk(child, on_stack | {where})

    if root:
        walk(root, frozenset())

    def rows(table):
        ranked = sorted(table.items(), key=lambda item: item[1], reverse=True)
        return [{"function": f, "file": path, "line": line, "seconds": round(sec, 3),
                 "share": round(sec / total, 4) if total else 0}
                for (f, path, line), sec in ranked
                if not f.startswith("[") and not _is_wrapper(path)][:top]

    ours = {where: sec for where, sec in inclusive.items() if "homepage/" in where[1]}
    text = ConsoleRenderer(unicode=False, color=False, show_all=False,
                           time="percent_of_total").render(session)
    return {"total_s": round(total, 3), "inclusive": rows(inclusive), "self": rows(own),
            "extension": rows(ours),
            "tree": "\n".join(text.splitlines()[:70])}
