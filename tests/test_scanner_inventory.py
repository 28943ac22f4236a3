"""The inventory check: every valid agreement in every view, and a mismatch names the ids."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.verify.postbuild import check_inventory, count_views


def write_views(site: Path, ids: list[str]) -> None:
    """A site whose views list exactly ``ids`` (the shapes the page families publish)."""
    for record_id in ids:
        page = site / "kerja-sama" / record_id / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<article class="md-content__inner md-typeset" data-pagefind-body>'
                        f'<article class="ks-agreement" data-id="{record_id}"><h1>x</h1></article></article>',
                        encoding="utf-8")
    rows = "".join(f'<tr class="ks-row" data-id="{i}"><td>x</td></tr>' for i in ids)
    (site / "katalog").mkdir(parents=True, exist_ok=True)
    (site / "katalog" / "index.html").write_text(f"<table><tbody>{rows}</tbody></table>", encoding="utf-8")
    entry = {"version": "1.5.2", "languages": {"id": {"hash": "id_0", "wasm": "id", "page_count": len(ids) + 1}}}
    (site / "pagefind").mkdir(parents=True, exist_ok=True)
    (site / "pagefind" / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    (site / "api" / "v1").mkdir(parents=True, exist_ok=True)
    (site / "api" / "v1" / "kerja-sama.json").write_text(
        json.dumps({"per_tanggal": "2026-11-27", "kerja_sama": [{"id": i} for i in ids]}), encoding="utf-8")
    (site / "data").mkdir(parents=True, exist_ok=True)
    (site / "data" / "kerja-sama.csv").write_text("\ufeffid,judul\n" + "".join(f"{i},x\n" for i in ids),
                                                  encoding="utf-8")


@pytest.fixture
def synthetic(real_site, tmp_path: Path):  # type: ignore[no-untyped-def]
    ids = [r.id for r in real_site.generated.result.records]
    site = tmp_path / "site"
    write_views(site, ids)
    return site, ids, real_site.generated, real_site.project


def test_complete_inventory_passes(synthetic) -> None:  # type: ignore[no-untyped-def]
    site, ids, generated, project = synthetic
    views = count_views(site)
    assert len(views) == 5
    assert all(sorted(found or []) == sorted(ids) for found in views.values())
    assert check_inventory(project, site, generated) == []


def _drop_page(site: Path, victim: str) -> None:
    (site / "kerja-sama" / victim / "index.html").unlink()


def _drop_row(site: Path, victim: str) -> None:
    path = site / "katalog" / "index.html"
    path.write_text(path.read_text(encoding="utf-8").replace(f'data-id="{victim}"', 'data-id="lain"'), encoding="utf-8")


def _drop_search(site: Path, victim: str) -> None:
    """The page is left out of search (its article lost the mark Pagefind indexes)."""
    path = site / "kerja-sama" / victim / "index.html"
    path.write_text(path.read_text(encoding="utf-8").replace(" data-pagefind-body", ""), encoding="utf-8")


def _drop_api(site: Path, victim: str) -> None:
    path = site / "api" / "v1" / "kerja-sama.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["kerja_sama"] = [r for r in data["kerja_sama"] if r["id"] != victim]
    path.write_text(json.dumps(data), encoding="utf-8")


def _drop_csv(site: Path, victim: str) -> None:
    path = site / "data" / "kerja-sama.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(f"{victim},x\n", ""), encoding="utf-8")


def _wrong_article(site: Path, victim: str) -> None:
    path = site / "kerja-sama" / victim / "index.html"
    path.write_text(path.read_text(encoding="utf-8").replace(f'data-id="{victim}"', 'data-id="lain"'), encoding="utf-8")


@pytest.mark.parametrize(("damage", "view"), [
    (_drop_page, "halaman naskah"),
    (_wrong_article, "halaman naskah"),
    (_drop_row, "baris katalog"),
    (_drop_search, "entri indeks pencarian"),
    (_drop_api, "rekaman API"),
    (_drop_csv, "baris CSV"),
])
def test_missing_agreement_is_named(synthetic, damage: Callable[[Path, str], None], view: str) -> None:  # type: ignore[no-untyped-def]
    site, ids, generated, project = synthetic
    victim = ids[3]
    damage(site, victim)
    problems = check_inventory(project, site, generated)
    assert any(d.code == "situs-inventaris" and d.message.startswith(f"1 naskah tidak ada di {view}")
               and d.message.endswith(f": {victim}") for d in problems), problems


def test_extra_and_doubled_ids_are_named(synthetic) -> None:  # type: ignore[no-untyped-def]
    site, ids, generated, project = synthetic
    path = site / "katalog" / "index.html"
    html = path.read_text(encoding="utf-8")
    path.write_text(html.replace("</tbody>", f'<tr class="ks-row" data-id="{ids[0]}"></tr>'
                                             '<tr class="ks-row" data-id="hantu"></tr></tbody>'), encoding="utf-8")
    problems = check_inventory(project, site, generated)
    assert ("katalog/index.html", "baris katalog (katalog/) memuat id yang bukan naskah sah: hantu") in located_pairs(problems)
    assert ("katalog/index.html", f"id ganda di baris katalog (katalog/): {ids[0]}") in located_pairs(problems)


@pytest.mark.parametrize(("path", "view"), [
    ("katalog/index.html", "baris katalog (katalog/)"),
    ("pagefind/pagefind-entry.json", "entri indeks pencarian"),
    ("api/v1/kerja-sama.json", "rekaman API (api/v1/kerja-sama.json)"),
    ("data/kerja-sama.csv", "baris CSV (data/kerja-sama.csv)"),
    ("kerja-sama", "halaman naskah (kerja-sama/<id>/)"),
])
def test_missing_view_fails(synthetic, path: str, view: str) -> None:  # type: ignore[no-untyped-def]
    site, _ids, generated, project = synthetic
    target = site / path
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    problems = check_inventory(project, site, generated)
    assert (problems[0].code, problems[0].message) == ("situs-inventaris", f"{view} tidak ada di situs")
    # Without agreement pages, none is marked for Pagefind either: that view names them all.
    assert all("entri indeks pencarian" in d.message for d in problems[1:]), problems
    assert len(problems) == (2 if path == "kerja-sama" else 1), problems


def test_file_without_record_is_named(synthetic) -> None:  # type: ignore[no-untyped-def]
    site, _ids, generated, project = synthetic
    result = replace(generated.result, files=(*generated.result.files, "agreements/2030-hilang.yaml"))
    problems = check_inventory(project, site, replace(generated, result=result))
    assert located_pairs(problems) == [("agreements/", "1 naskah tidak ada di rekaman sah: 2030-hilang")]


def located_pairs(problems: list[Diagnostic]) -> list[tuple[str, str]]:
    assert {d.code for d in problems} == {"situs-inventaris"}
    return [(d.file, d.message) for d in problems]
