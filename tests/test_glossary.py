"""The public glossary (/glosarium/): every abbreviation the code lists use is explained there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from constants import REPO

from generator.check.datafiles import load
from generator.diagnostics import Diagnostic
from generator.project import Project
from generator.read.codelists import load_codelists


@pytest.fixture(scope="module")
def terms() -> dict[str, dict[str, str]]:
    loaded = load(Project(REPO), load_codelists(REPO / "schema" / "kode"))
    assert loaded.diagnostics == ()
    return {t["istilah"]: t for t in loaded.data["istilah"]["istilah"]}


def test_every_category_abbreviation_has_an_entry(terms: dict[str, dict[str, str]]) -> None:
    codelists = load_codelists(REPO / "schema" / "kode")
    for value in codelists["kategori"]:
        assert value.get("singkatan") in terms, value.code


def test_every_document_type_abbreviation_has_an_entry(terms: dict[str, dict[str, str]]) -> None:
    """Labels such as 'Perjanjian Kerja Sama (PKS)' name an abbreviation the public must be able to look up."""
    codelists = load_codelists(REPO / "schema" / "kode")
    named = [m.group(1) for v in codelists["jenis_naskah"] for m in [re.search(r"\(([A-Za-z]+)\)", v.label)] if m]
    assert {"KB", "PKS", "NK", "LoI"} <= set(named)
    explained = " ".join(terms)
    for abbreviation in named:
        assert f"({abbreviation})" in explained, abbreviation
    for term in ("TKKSD", "Monev", "SOP", "APBD", "Persetujuan DPRD"):
        assert term in terms


def test_entries_speak_plainly(terms: dict[str, dict[str, str]]) -> None:
    for term in terms.values():
        assert "_" not in term["arti"], term["istilah"]  # no field names or codes


def test_glossary_page_lists_every_term_with_its_label(tmp_path: Path) -> None:
    import datetime as dt  # noqa: PLC0415

    from generator.check.validate import Environment, validate  # noqa: PLC0415
    from generator.commands.build import collect_pages, context_for  # noqa: PLC0415
    from generator.settings import SiteConfig  # noqa: PLC0415
    from generator.site.pages import glossary  # noqa: PLC0415

    project = Project(REPO)
    env = Environment.load(project)
    data = load(project, env.codelists).data
    ctx = context_for(env, validate(env, dt.date(2026, 12, 4)), dt.date(2026, 12, 4), SiteConfig(), data)
    (page,) = collect_pages(ctx, (glossary.pages,))
    assert page.path == "glosarium/index.md"
    body = str(page.content)
    for term in data["istilah"]["istilah"]:
        assert f'id="{glossary.anchor(term["istilah"])}"' in body
    assert 'id="ksdd"' in body and 'id="kesepakatan-bersama-kb"' in body
    assert "[V]" in body and "[D]" in body


def test_a_broken_glossary_is_located(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    import shutil  # noqa: PLC0415
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "data" / "istilah.yaml").write_text("judul: Glosarium\nketerangan: x\nistilah:\n  - istilah: KSDD\n    arti: \"  \"\n    kepastian: X\n",
                                                encoding="utf-8")
    found: tuple[Diagnostic, ...] = load(Project(root), load_codelists(root / "schema" / "kode")).diagnostics
    assert {(d.file, d.line) for d in found} >= {("data/istilah.yaml", 5), ("data/istilah.yaml", 6)}


def test_first_use_of_an_abbreviation_is_explained(terms: dict[str, dict[str, str]]) -> None:
    """Issue 12: `<abbr>` on first use, from the glossary; never inside links, code, headings or
    attributes, and the expansion is escaped."""
    from generator.site.pages.glossary import abbreviations, mark_first_use  # noqa: PLC0415

    pairs = abbreviations({"istilah": list(terms.values())})
    assert ("KB", "Kesepakatan Bersama") in pairs and ("TKKSD", "Tim Koordinasi Kerja Sama Daerah") in pairs
    body = ('<h2 id="kb">KB</h2><p title="KB"><a href="kb/">KB</a> <code>KB</code> Sebuah KB, lalu KB lagi; '
            'KSDD-x bukan, KSDD ya.</p>')
    marked = mark_first_use(body, pairs)
    assert marked.count("<abbr") == 2
    assert '<h2 id="kb">KB</h2><p title="KB"><a href="kb/">KB</a> <code>KB</code> Sebuah <abbr title="Kesepakatan Bersama">KB</abbr>, lalu KB lagi' in marked
    assert 'KSDD-x bukan, <abbr title="Kerja Sama Daerah dengan Daerah Lain">KSDD</abbr> ya.' in marked
    assert mark_first_use(body, [("KB", 'A "B" <C>')]).count('title="A &quot;B&quot; &lt;C&gt;"') == 1
    # once every abbreviation is marked the rest is copied as it is, whatever elements follow
    rest = '<ul><li><code>KB</code> KB <b>KSDD</b></li></ul><a href="x">KSDD</a>' * 3
    assert mark_first_use(body + rest, pairs) == marked + rest
