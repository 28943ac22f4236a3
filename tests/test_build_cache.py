"""Warm builds (issue 16): `kerjasama build` with the caches of an earlier build gives the bytes of a cold one.

One small register (tests/fixtures/site) is built cold, then edited step by step: one record's
title, a new page in the navigation, a mkdocs.yml ``extra`` value. After each edit the warm build
(the caches of the builds before) and a cold build of the same inputs (an empty cache folder, or
caches off) must give the same ``site/``, byte for byte. Warm builds must actually hit: MkDocs'
page cache reports its hits and renders, and Pagefind's reuse is reported on stdout. Damaged cache
entries are ignored (the page is rendered, Pagefind runs) and change nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest
from conftest import AS_OF, REPO, file_tree, make_site_project

from generator import cachedir
from generator.commands import rendercache
from generator.commands.cli import main
from generator.site import search

FIXTURE = REPO / "tests" / "fixtures" / "site"
RECORD = "2019-bpkp-nk-pengawasan"
_COUNTS = re.compile(r"Cache halaman MkDocs: (\d+) dipakai ulang, (\d+) dirender")


class Builds:
    """Builds of one project into numbered site folders, each with a given cache folder."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
        self.root, self.monkeypatch, self.capfd = root, monkeypatch, capfd
        self.project = make_site_project(root / "repo", FIXTURE)
        self.warm_cache = root / "cache-warm"
        self.count = 0

    def build(self, cache: Path, *, enabled: bool = True, as_of: dt.date = AS_OF) -> tuple[Path, tuple[int, int], bool]:
        """The built site, MkDocs' (hits, renders) and whether Pagefind's output was reused."""
        self.count += 1
        site = self.root / f"site-{self.count}"
        self.monkeypatch.setenv(cachedir.ENVIRONMENT, str(cache))
        self.monkeypatch.setenv(cachedir.SWITCH, "1" if enabled else "0")
        self.capfd.readouterr()
        code = main(["--root", str(self.project.root), "build", "--as-of", as_of.isoformat(), "--site-dir", str(site)])
        out, err = self.capfd.readouterr()
        assert code == 0, out[-3000:] + err[-3000:]
        counts = _COUNTS.findall(err)
        assert len(counts) == (1 if enabled else 0), err[-3000:]
        hits, renders = (int(counts[0][0]), int(counts[0][1])) if counts else (0, 0)
        return site, (hits, renders), "hasil sebelumnya dipakai ulang" in out

    def cold(self) -> Path:
        cache = self.root / f"cache-cold-{self.count + 1}"
        site, counts, reused = self.build(cache)
        assert counts[0] == 0 and counts[1] > 0 and not reused
        return site

    def edit(self, path: str, old: str, new: str) -> None:
        target = self.project.root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, path
        target.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same(warm: Path, cold: Path) -> None:
    warm_files, cold_files = file_tree(warm), file_tree(cold)
    assert sorted(warm_files) == sorted(cold_files)
    assert [path for path in warm_files if warm_files[path] != cold_files[path]] == []


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / rendercache.FOLDER).rglob("*.html"))


def test_warm_builds_equal_cold_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capfd: pytest.CaptureFixture[str]) -> None:
    builds = Builds(tmp_path, monkeypatch, capfd)
    first = builds.cold()
    pages = len(_entries(tmp_path / "cache-cold-1"))
    shutil.copytree(tmp_path / "cache-cold-1", builds.warm_cache)

    # One record's title: its pages and the lists that name it are rendered again, the rest reused.
    builds.edit(f"agreements/{RECORD}.yaml", "\njudul: Nota Kesepakatan", "\njudul: Nota Kesepakatan (diubah)")
    warm, (hits, renders), reused = builds.build(builds.warm_cache)
    assert 0 < renders < hits and hits + renders == pages and not reused
    off = tmp_path / "cache-off"
    cold, _, _ = builds.build(off, enabled=False)
    assert not off.exists()  # KERJASAMA_CACHE=0: nothing read or written
    _same(warm, cold)
    assert file_tree(warm) != file_tree(first)

    # Damaged entries (another output under the same header, cut short, not an entry at all) are rendered again; same inputs,
    # so Pagefind's earlier output is reused.
    entries = _entries(builds.warm_cache)
    header = entries[0].read_bytes().partition(b"\n")[0]
    entries[0].write_bytes(header + b"\n" + zlib.compress(b"<p>palsu</p>"))
    entries[1].write_bytes(entries[1].read_bytes()[:200])
    entries[2].write_bytes(b"bukan entri")
    warm, (hits, renders), reused = builds.build(builds.warm_cache)
    assert renders == 3 and hits == pages - 3 and reused
    _same(warm, cold)

    # A new page in the navigation: every page shows the navigation, so every page is rendered again.
    (builds.project.docs / "panduan" / "baru.md").write_text("# Halaman baru\n\nIsi halaman baru.\n", encoding="utf-8")
    builds.edit("mkdocs.yml", "      - Kinerja dan skala: panduan/kinerja.md\n",
                "      - Kinerja dan skala: panduan/kinerja.md\n      - Halaman baru: panduan/baru.md\n")
    warm, (hits, renders), reused = builds.build(builds.warm_cache)
    assert hits == 0 and renders == pages + 1 and not reused
    _same(warm, builds.cold())

    # A value of mkdocs.yml's extra (the office's telephone in every footer).
    builds.edit("mkdocs.yml", 'telepon: ""', 'telepon: "0536-3221234"')
    warm, (hits, renders), reused = builds.build(builds.warm_cache)
    assert hits == 0 and renders == pages + 1 and not reused
    _same(warm, builds.cold())
    assert "0536-3221234" in (warm / "index.html").read_text(encoding="utf-8")
    assert len(_entries(builds.warm_cache)) == pages + 1  # entries no page used are removed


def test_a_damaged_pagefind_entry_means_pagefind_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cachedir.SWITCH, raising=False)
    site = tmp_path / "site"
    (site / "kerja-sama" / "a").mkdir(parents=True)
    (site / "index.html").write_text(f'<html lang="id"><body><article {search.BODY}><h1>Beranda</h1>'
                                     "<p>Register kerja sama daerah.</p></article></body></html>", encoding="utf-8")
    (site / "kerja-sama" / "a" / "index.html").write_text(
        f'<html lang="id"><body><article {search.BODY}><h1>Sampah</h1><p>Pengelolaan sampah.</p></article></body></html>',
        encoding="utf-8")
    cache = tmp_path / "cache"
    assert not search.index_site(site, cache).reused
    cold = file_tree(site / search.FOLDER)
    for damage in ("byte", "cut", "path"):
        shutil.rmtree(site / search.FOLDER)
        assert search.index_site(site, cache).reused
        assert file_tree(site / search.FOLDER) == cold
        (entry,) = (cache / search.FOLDER).iterdir()  # one folder per bundle, one entry in it
        data = entry.read_bytes()
        if damage == "byte":
            entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
        elif damage == "cut":
            entry.write_bytes(data[: len(data) // 2])
        else:  # a path out of the folder, with a matching digest
            header, _, rest = data.partition(b"\n")
            listing, _, body = rest.partition(b"\n")
            names = json.loads(listing)
            names[0][0] = "../lepas.js"
            rest = json.dumps(names).encode() + b"\n" + body
            fmt, key, _ = header.decode().rsplit(" ", 2)
            entry.write_bytes(f"{fmt} {key} {hashlib.sha256(rest).hexdigest()}\n".encode() + rest)
        shutil.rmtree(site / search.FOLDER)
        assert not search.index_site(site, cache).reused  # Pagefind ran again and stored a whole entry
        assert file_tree(site / search.FOLDER) == cold
        assert not (site / "lepas.js").exists()
    # Another page's bytes: Pagefind runs.
    (site / "index.html").write_text((site / "index.html").read_text(encoding="utf-8").replace("daerah", "kota"),
                                     encoding="utf-8")
    shutil.rmtree(site / search.FOLDER)
    assert not search.index_site(site, cache).reused
    monkeypatch.setenv(cachedir.SWITCH, "0")
    shutil.rmtree(site / search.FOLDER)
    assert not search.index_site(site, cache).reused


def test_render_cache_entries_are_checked(tmp_path: Path) -> None:
    cache = rendercache.RenderCache(tmp_path)
    key, other = "a" * 64, "b" * 64
    assert cache.load(key) is None
    cache.store(key, "<html>é</html>")
    assert cache.load(key) == "<html>é</html>"
    (tmp_path / other[:2]).mkdir()
    shutil.copy(tmp_path / key[:2] / f"{key}.html", tmp_path / other[:2] / f"{other}.html")
    assert cache.load(other) is None  # another key's entry
    assert (cache.hits, cache.misses) == (1, 2)
    assert cache.sweep() == 1 and not (tmp_path / other[:2] / f"{other}.html").exists()


def test_the_next_day_renders_only_what_shows_the_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    """A daily rebuild with no data change (issue 16): an agreement's page shows its status by dates
    and the day its data changed, not the as-of date, so MkDocs takes it from the cache and its file
    keeps its bytes; the lists and summaries, which give the as-of date, are rendered again. The
    site is a cold build's of that day."""
    builds = Builds(tmp_path, monkeypatch, capfd)
    first = builds.cold()
    pages = len(_entries(tmp_path / "cache-cold-1"))
    shutil.copytree(tmp_path / "cache-cold-1", builds.warm_cache)
    agreements = sorted(p.relative_to(first).as_posix() for p in (first / "kerja-sama").glob("*/index.html"))
    assert len(agreements) > 5
    day = AS_OF + dt.timedelta(days=1)
    warm, (hits, renders), _ = builds.build(builds.warm_cache, as_of=day)
    assert hits + renders == pages and hits >= len(agreements) and renders > 0
    before, after = file_tree(first), file_tree(warm)
    assert [a for a in agreements if after[a] != before[a]] == []
    assert after["index.html"] != before["index.html"]  # the home page gives the as-of date
    cold, _, _ = builds.build(tmp_path / "cache-cold-next", as_of=day)
    _same(warm, cold)


@pytest.mark.parametrize("name", ["pages", "build_date_utc", "update_date"])
def test_no_template_reads_what_the_render_key_leaves_out(name: str) -> None:
    """The render cache's key leaves out the context's ``pages`` (every page of the site) and the build
    date (``build_date_utc``, and a page's ``update_date`` made from it): a theme upgrade or an
    override that reads one must put it back into generator/commands/rendercache.py."""
    import material  # noqa: PLC0415 - only this test looks at the theme's files

    from generator.commands.mkdocs_plugin import THEME_OVERRIDES  # noqa: PLC0415

    use = re.compile(rf"(?<![\w]){name}\b" if name != "pages" else r"(?<![.\w])pages\b")
    folders = (Path(material.__file__).parent / "templates", THEME_OVERRIDES)
    templates = [p for folder in folders for p in folder.rglob("*.html")]
    assert len(templates) > 50
    assert [p for p in templates if use.search(p.read_text(encoding="utf-8"))] == []


def test_only_mkdocs_build_keeps_rendered_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` (make serve, with --dirty) renders as it always did; `KERJASAMA_CACHE=0` turns the cache off."""
    from mkdocs.config import load_config  # noqa: PLC0415 - only this test loads MkDocs' configuration

    from generator.site.page import READY_ENV  # noqa: PLC0415

    project = make_site_project(tmp_path / "repo", FIXTURE)
    monkeypatch.setenv(READY_ENV, "1")  # no generation: only the plugin's choice is looked at
    monkeypatch.delenv(cachedir.SWITCH, raising=False)
    config = load_config(str(project.root / "mkdocs.yml"))
    plugin = config.plugins["kerjasama"]
    for command, dirty, switch, kept in (("serve", True, "", False), ("serve", False, "", False),
                                         ("build", False, "", True), ("build", False, "0", False)):
        monkeypatch.setenv(cachedir.SWITCH, switch)
        plugin.on_startup(command=command, dirty=dirty)
        plugin.on_pre_build(config=config)
        assert (plugin.pages is not None) == kept, (command, dirty, switch)
