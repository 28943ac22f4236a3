"""Golden files: compare rendered output with files under tests/golden/, as a reviewer reads it.

On a difference the assertion message is a unified diff of the first few files that differ (and
the names of missing or extra files), so a failing run shows what changed, not just that
something did. ``UPDATE_GOLDEN=1`` rewrites the folder (stale files removed); review it with git.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path

SHOWN_FILES = 5
SHOWN_LINES = 60


def _text(data: bytes) -> list[str] | None:
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def readable_diff(name: str, stored: bytes, produced: bytes) -> str:
    """A unified diff of one file (or a note that binary content differs), cut to a screenful."""
    old, new = _text(stored), _text(produced)
    if old is None or new is None:
        return f"{name}: binary content differs ({len(stored)} -> {len(produced)} bytes)\n"
    lines = list(difflib.unified_diff(old, new, f"golden/{name}", f"rendered/{name}", n=2))
    cut = lines[:SHOWN_LINES] + ([f"... {len(lines) - SHOWN_LINES} more diff lines\n"] if len(lines) > SHOWN_LINES else [])
    return "".join(line if line.endswith("\n") else line + "\n" for line in cut)


def check_folder(golden: Path, produced: Mapping[str, bytes]) -> None:
    """Every produced file equals its golden file, and no golden file is left without one."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for stale in golden.rglob("*"):
            if stale.is_file() and stale.relative_to(golden).as_posix() not in produced:
                stale.unlink()
        for path, data in produced.items():
            target = golden / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    stored = {p.relative_to(golden).as_posix(): p.read_bytes() for p in golden.rglob("*") if p.is_file()}
    report = []
    missing, extra = sorted(set(produced) - set(stored)), sorted(set(stored) - set(produced))
    if missing:
        report.append(f"rendered but no golden file (UPDATE_GOLDEN=1 writes it): {missing}\n")
    if extra:
        report.append(f"golden file no longer rendered: {extra}\n")
    changed = sorted(path for path in set(produced) & set(stored) if produced[path] != stored[path])
    report.extend(readable_diff(path, stored[path], produced[path]) for path in changed[:SHOWN_FILES])
    if len(changed) > SHOWN_FILES:
        report.append(f"... and {len(changed) - SHOWN_FILES} more files differ: {changed[SHOWN_FILES:]}\n")
    assert not report, f"{golden.relative_to(golden.parents[2])} differs (UPDATE_GOLDEN=1 rewrites it):\n" + "".join(report)
