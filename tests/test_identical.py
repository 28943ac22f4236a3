"""benchmarks/identical.py: the byte-for-byte comparison of two built sites names every difference."""

from __future__ import annotations

from pathlib import Path

from benchmarks.identical import differences


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_identical_trees_have_no_differences(tmp_path: Path) -> None:
    files = {"index.html": b"<p>a</p>", "api/v1/x.json": b"{}", "kalender/semua.ics": b"BEGIN"}
    assert differences(_tree(tmp_path / "a", files), _tree(tmp_path / "b", files)) == []


def test_every_kind_of_difference_is_named(tmp_path: Path) -> None:
    first = _tree(tmp_path / "a", {"same.txt": b"x", "deep/changed.json": b'{"a": 1}', "gone.csv": b"id"})
    # Same size, different bytes: a comparison by size or time stamp alone would miss it.
    second = _tree(tmp_path / "b", {"same.txt": b"x", "deep/changed.json": b'{"a": 2}', "new/extra.svg": b"<svg/>"})
    assert differences(first, second) == [
        "deep/changed.json", "gone.csv (hanya di satu sisi)", "new (hanya di satu sisi)"]
