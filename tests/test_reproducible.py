"""Two builds of the same commit with the same as-of date and SOURCE_DATE_EPOCH are byte-identical.

The two builds run as separate `kerjasama build` processes from two copies of the repository in
different folders, with different hash seeds, time zones and locales, so nothing that depends on
the machine, the path or the process can hide.
"""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, file_tree, make_site_project

from generator.commands.build import source_date_epoch


def build(root: Path, seed: str, tz: str, lang: str) -> Path:
    project = make_site_project(root / "repo")
    site = root / "site"
    env = dict(os.environ, PYTHONHASHSEED=seed, TZ=tz, LANG=lang, LC_ALL=lang,
               KERJASAMA_AS_OF=AS_OF.isoformat(), SOURCE_DATE_EPOCH=source_date_epoch(AS_OF))
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "build", "--site-dir", str(site)],
                         env=env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return site


def describe(name: str, first: bytes, second: bytes) -> str:
    if name.endswith(".gz"):
        same_content = gzip.decompress(first) == gzip.decompress(second)
        return f"{name}: {'gzip header only (mtime/name)' if same_content else 'content'} differs"
    for number, (a, b) in enumerate(zip(first.splitlines(), second.splitlines(), strict=False), start=1):
        if a != b:
            return f"{name}:{number}: {a[:120]!r} != {b[:120]!r}"
    return f"{name}: lengths {len(first)} != {len(second)}"


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = file_tree(build(tmp_path / "a", "1", "UTC", "C.UTF-8"))
    second = file_tree(build(tmp_path / "b", "4242", "Asia/Jakarta", "id_ID.UTF-8"))
    assert sorted(first) == sorted(second), sorted(set(first) ^ set(second))
    differing = [describe(name, first[name], second[name]) for name in sorted(first) if first[name] != second[name]]
    assert differing == []
    assert len(first) > 50
    # gzip records a modification time: it must be the as-of date, not the build's clock.
    assert struct.unpack("<I", first["sitemap.xml.gz"][4:8])[0] == int(source_date_epoch(AS_OF))
