"""The contributor guide: pages exist, codes it names exist, and following it really works.

The whole path is tried as a new staff member would: take the `kerjasama baru` command printed
on /panduan/menambah/, run it in a copy of the register, validate, build the site and find the
new agreement's page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shlex
import shutil
from pathlib import Path

import pytest
from constants import REPO

from generator.check.validate import Environment, validate
from generator.commands.cli import main
from generator.diagnostics import CATALOGUE
from generator.project import Project
from generator.read.yamlstrict import read_text

GUIDE = ["panduan", "panduan/menambah", "panduan/mengubah", "panduan/contoh-berkas", "panduan/pemeriksaan",
         "panduan/peninjau", "panduan/referensi-skema", "panduan/kode-diagnostik"]


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def command_from_guide(site: Path) -> list[str]:
    blocks = re.findall(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", page(site, "panduan/menambah"), re.S)
    commands = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks if "kerjasama baru" in b]
    assert len(commands) == 1
    return shlex.split(commands[0].replace("\\\n", " "))


def test_every_guide_page_is_built_and_in_the_nav(real_site) -> None:  # type: ignore[no-untyped-def]
    home = page(real_site.site, "panduan")
    for url in GUIDE:
        assert (real_site.site / url / "index.html").is_file(), url
    for url in GUIDE[1:]:
        assert f'href="{url.removeprefix("panduan/")}/"' in home, url


def test_codes_named_in_the_guide_exist_and_link_to_the_codes_page() -> None:
    text = (REPO / "docs" / "panduan" / "pemeriksaan.md").read_text(encoding="utf-8")
    named = re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.M)
    assert len(named) >= 10
    assert set(named) <= set(CATALOGUE), set(named) - set(CATALOGUE)
    assert "(kode-diagnostik.md)" in text


def test_reviewer_checklist_covers_sources_privacy_and_checks(real_site) -> None:  # type: ignore[no-untyped-def]
    checklist = page(real_site.site, "panduan/peninjau")
    assert checklist.count("[ ]") + checklist.count('type="checkbox"') >= 12 or checklist.count("<li>") >= 12
    for topic in ("sumber", "tingkat_kepastian", "data pribadi", "Ringkasan", "Pratinjau"):
        assert topic in checklist, topic


def test_example_page_shows_a_real_file_that_validates(real_site, env: Environment, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       as_of: dt.date) -> None:
    text = page(real_site.site, "panduan/contoh-berkas")
    file = re.search(r"<code>(agreements/[a-z0-9-]+\.yaml)</code>", text).group(1)
    body = html.unescape(re.search(r'<pre class="ks-yaml"><code>(.*?)</code></pre>', text, re.S).group(1))
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    shutil.copytree(REPO / "agreements", tmp_path / "agreements")
    (tmp_path / file).write_text(body, encoding="utf-8")
    result = validate(Environment.load(Project(tmp_path)), as_of, [tmp_path / file])
    assert result.errors == []
    original = read_text((REPO / file).read_bytes(), file).data
    assert read_text(body.encode(), file).data == original


def test_following_the_guide_adds_an_agreement_to_the_site(real_site, site_builder, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    argv = command_from_guide(real_site.site)
    assert argv[:2] == [".venv/bin/kerjasama", "baru"]
    record_id = argv[argv.index("--id") + 1]
    root = tmp_path / "repo"
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "agreements", root / "agreements")
    assert main(["--root", str(root), *argv[1:], "--as-of", "2026-11-27"]) == 0, capsys.readouterr().out
    # step 6 of the guide: validate the register
    assert main(["--root", str(root), "validate", "--as-of", "2026-11-27"]) == 0
    built = site_builder(agreements=root / "agreements", name="panduan")
    agreement = built.site / "kerja-sama" / record_id / "index.html"
    assert agreement.is_file()
    assert f'data-id="{record_id}"' in agreement.read_text(encoding="utf-8")
    assert record_id in {r.id for r in built.generated.result.records}
