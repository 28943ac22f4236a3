"""The post-build scan's cache (issue 16): a warm scan gives the cold scan's verdict, parses only
files whose bytes (or whose rules) changed, and a wrong or partial cache is never trusted."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuiltSite, located, make_site_project

from generator import cachedir
from generator.check.privacy import EXEMPTIONS_FILE
from generator.derive.siteurls import AGREEMENT_FOLDER
from generator.diagnostics import Diagnostic
from generator.project import Project
from generator.verify import postbuild, scancache, sitescan
from generator.verify.postbuild import check_inventory, scan_site
from generator.verify.sitescan import Scanner

Scan = Callable[[], tuple[list[Diagnostic], int]]


@pytest.fixture
def setup(real_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Project, Path, Scan]:
    """A copy of the real site and its project, a cache of their own, and a scan that counts the files parsed."""
    project = make_site_project(tmp_path / "repo")
    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    monkeypatch.setenv(cachedir.ENVIRONMENT, str(tmp_path / "cache"))
    monkeypatch.setattr(postbuild, "PARALLEL_MIN_FILES", 10**9)  # one process, so the spies see every parse
    parsed: list[str] = []
    for name in ("scan_markup", "scan_data"):
        real = getattr(Scanner, name)

        def spy(self: Scanner, path: Path, rel: str, real=real) -> None:  # type: ignore[no-untyped-def]
            parsed.append(rel)
            real(self, path, rel)

        monkeypatch.setattr(Scanner, name, spy)
    parses: list[int] = [0]
    real_parse = sitescan.parse_html

    def parse_spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        parses[0] += 1
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(sitescan, "parse_html", parse_spy)

    def scan() -> tuple[list[Diagnostic], int]:
        parsed.clear()
        parses[0] = 0
        problems = scan_site(project, site, real_site.generated)
        assert parses[0] <= len(parsed) * 2  # a page is parsed once (a feed: once per entry of markup)
        return problems, len(parsed)

    return project, site, scan


def _full(problems: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.column, p.code, p.message, p.hint, p.json_path, p.record_id, p.severity)
            for p in problems]


def _page(site: Path) -> Path:
    return sorted((site / AGREEMENT_FOLDER).glob("*/index.html"))[0]


def _entries(tmp_cache: Path) -> list[Path]:
    return sorted((tmp_cache / scancache.FOLDER).rglob("*.json"))


def test_warm_scan_is_the_cold_scan_without_parsing(setup, real_site: BuiltSite, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, site, scan = setup
    # A page with a problem: the cache must keep reporting it.
    page = _page(site)
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", '<img src="https://x.example/t.gif"></main>', 1),
                    encoding="utf-8")
    cold, cold_parsed = scan()
    assert located(cold) == [f"{page.relative_to(site).as_posix()}:{located(cold)[0].split(':')[1]}: "
                             "sumber daya dari host lain (x.example) pada <img src>"]
    assert cold_parsed > 100 and _entries(tmp_path / "cache")
    warm, warm_parsed = scan()
    assert _full(warm) == _full(cold)
    assert warm_parsed == 0, "an unchanged file was parsed again"
    # The inventory still counts every agreement, from the marks kept in the cache.
    assert check_inventory(project, site, real_site.generated) == []


def _one_byte_src(text: str) -> str:
    match = re.search(r'<script src="[^"]+(.)\.js"', text)
    assert match is not None
    at = match.start(1)
    return text[:at] + ("X" if text[at] != "X" else "Y") + text[at + 1:]


@pytest.mark.parametrize(("edit", "expected"), [
    (_one_byte_src, "bukan aset tema atau aset proyek yang tercatat"),
    (lambda text: text.replace("</article>", '<script src="https://cdn.example/x.js"></script></article>', 1),
     "bukan aset tema"),
    (lambda text: text.replace("</article>", "<p>NIK 6271011203850001</p></article>", 1), "data pribadi:"),
])
def test_a_changed_file_is_scanned_again(setup, edit: Callable[[str], str], expected: str) -> None:  # type: ignore[no-untyped-def]
    _, site, scan = setup
    assert scan()[0] == []
    page = _page(site)
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    problems, parsed = scan()
    assert parsed == 1
    assert {p.file for p in problems} == {page.relative_to(site).as_posix()}
    assert any(expected in p.message for p in problems)
    assert scan()[0] == problems  # warm again: still refused (personal data: never cached)


def test_a_changed_script_refuses_the_unchanged_pages_that_load_it(setup) -> None:  # type: ignore[no-untyped-def]
    _, site, scan = setup
    assert scan()[0] == []
    page = _page(site)
    src = re.search(r'<script src="([^"]+\.js)"', page.read_text(encoding="utf-8"))
    assert src is not None
    script = (page.parent / src.group(1)).resolve()
    script.write_bytes(script.read_bytes() + b";")
    sitescan._sha256_file.cache_clear()  # file hashes are taken once per process
    problems, parsed = scan()
    assert parsed > 0
    assert page.relative_to(site).as_posix() in {p.file for p in problems}
    assert all("skrip" in p.message for p in problems)


def test_a_corrupt_or_foreign_entry_is_scanned_again(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, site, scan = setup
    page = _page(site)
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<iframe></iframe></main>", 1), encoding="utf-8")
    cold, cold_parsed = scan()
    assert cold
    entries = _entries(tmp_path / "cache")
    for number, entry in enumerate(entries):
        text = entry.read_text(encoding="utf-8")
        if number % 3 == 0:
            entry.write_text(text[: len(text) // 2], encoding="utf-8")  # partial
        elif number % 3 == 1:
            entry.write_bytes(b"\xff\x00garbage")  # corrupt
        else:  # whole JSON, but naming another file: not this file's verdict
            entry.write_text(text.replace('"rel": "', '"rel": "x/', 1), encoding="utf-8")
    warm, warm_parsed = scan()
    assert _full(warm) == _full(cold)
    assert warm_parsed == cold_parsed


def test_other_rules_start_an_empty_cache(setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    project, _, scan = setup
    _, cold_parsed = scan()
    assert scan()[1] == 0
    folders = lambda: sorted(p.name for p in (tmp_path / "cache" / scancache.FOLDER).iterdir())  # noqa: E731
    before = folders()
    # The allow-list file changed (even only a comment): everything is scanned again, the old entries go.
    allow_list = project.root / EXEMPTIONS_FILE
    allow_list.write_text(allow_list.read_text(encoding="utf-8") + "\n# ditinjau ulang\n", encoding="utf-8")
    assert scan()[1] == cold_parsed
    assert folders() != before and len(folders()) == 1
    assert scan()[1] == 0
    # The scanner's code changed.
    package = tmp_path / "generator"
    shutil.copytree(scancache._GENERATOR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(scancache, "_GENERATOR", package)
    assert scan()[1] == 0  # the same code elsewhere: the same rules
    code = package / "verify" / "sitescan.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# x = 1\n", encoding="utf-8")
    assert scan()[1] == cold_parsed
    code.write_text(code.read_text(encoding="utf-8") + "\n# x = 2\n", encoding="utf-8")
    assert scan()[1] == cold_parsed
    # A trusted-hash table changed.
    monkeypatch.setitem(sitescan.THEME_INLINE_SCRIPTS, "0" * 64, "test")
    assert scan()[1] == cold_parsed
    assert scan()[1] == 0


def test_rules_digest_covers_the_allow_list_and_the_settings(tmp_path: Path) -> None:
    allow_list = tmp_path / "allow.yaml"
    missing = scancache.rules_digest({"allowed": []}, allow_list)
    allow_list.write_text("entri: []\n", encoding="utf-8")
    digests = {missing, scancache.rules_digest({"allowed": []}, allow_list),
               scancache.rules_digest({"allowed": ["a" * 64]}, allow_list)}
    assert len(digests) == 3
    assert scancache.rules_digest({"allowed": []}, allow_list) in digests  # stable


def test_the_cache_directory_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cachedir.ENVIRONMENT, raising=False)
    assert cachedir.cache_root(tmp_path) == tmp_path / ".cache" / "kerjasama"
    monkeypatch.setenv(cachedir.ENVIRONMENT, str(tmp_path / "ci"))
    assert cachedir.cache_root(tmp_path) == tmp_path / "ci"


def test_caches_off_scan_every_file_and_write_nothing(setup, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, scan = setup
    cold, parsed = scan()
    monkeypatch.setenv(cachedir.SWITCH, "0")
    shutil.rmtree(tmp_path / "cache")
    for _ in range(2):
        problems, again = scan()
        assert _full(problems) == _full(cold) and again == parsed
    assert not (tmp_path / "cache").exists()
