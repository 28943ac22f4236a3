"""The yardstick: a bare MkDocs + Material site with N plain pages kept out of the navigation.

Each page has a title and a few paragraphs, about the text of one agreement page, so the
ratio to our build shows what the generator and our page families add on top of MkDocs.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from benchmarks.measure import Measure, run
from benchmarks.synth import _ACTIONS, _MEANS, _TARGETS

CONFIG = """site_name: Situs pembanding
site_url: http://localhost:8000/
theme:
  name: material
  language: id
  font: false
plugins:
  - search
not_in_nav: |
  /halaman/
nav:
  - Beranda: index.md
"""


def write_bare_project(root: Path, pages: int, seed: int = 8) -> None:
    """A fresh MkDocs project under ``root`` with ``pages`` plain pages out of the nav."""
    rnd = random.Random(seed)
    docs = root / "docs" / "halaman"
    docs.mkdir(parents=True, exist_ok=True)
    for old in docs.glob("*.md"):
        old.unlink()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Situs pembanding\n\nHalaman polos untuk tolok ukur.\n", encoding="utf-8")
    for number in range(pages):
        paragraphs = [" ".join(f"{rnd.choice(_ACTIONS)} layanan {rnd.choice(_TARGETS)} melalui {rnd.choice(_MEANS)}."
                               for _ in range(rnd.randint(3, 6))) for _ in range(4)]
        body = "\n\n".join(paragraphs)
        (docs / f"{number:06d}.md").write_text(f"# Halaman {number}\n\n{body}\n", encoding="utf-8")


def build_bare(work: Path, size: int) -> Measure:
    """Write the bare project of ``size`` pages under ``work`` and build it with MkDocs, measured."""
    root = work / f"bare-{size}"
    write_bare_project(root, size)
    return run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(root / "mkdocs.yml"),
                "-d", str(root / "site")])
