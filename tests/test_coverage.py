"""`kerjasama cakupan` and /panduan/cakupan/ (issue 14): one report, per unit and year, in every format."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, make_site_project

from generator.check.validate import Environment, validate_all
from generator.commands.build import context_for
from generator.commands.cli import main
from generator.derive import control
from generator.project import Project
from generator.settings import SiteConfig
from generator.site.pages import coverage as coverage_page

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "control"
# The control fixture's signed agreements and what each misses on AS_OF (see tests/test_control.py).
EXPECTED_GAPS = {
    "2020-unknown-end": ["indikator_keberhasilan", "monev", "tanggal_berakhir", "nomor_naskah", "penandatangan",
                         "pindaian_naskah"],
    "2022-ending-soon": ["nomor_naskah", "penandatangan", "pindaian_naskah"],
    "2026-kb-in-process": [],  # not signed yet: nothing is looked for
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_site_project(tmp_path_factory.mktemp("cakupan") / "repo", FIXTURE)


def run(capsys: pytest.CaptureFixture[str], project: Project, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(project.root), "cakupan", "--as-of", AS_OF.isoformat(), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _items(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for unit in data["perangkat_daerah"]:
        for year in unit["tahun"]:
            for item in year["naskah"]:
                yield unit["kode"], item


def test_json_lists_every_record_by_unit_and_year(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(capsys, project, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["per_tanggal"] == AS_OF.isoformat()
    items = dict((item["id"], item) for _, item in _items(data))
    assert sorted(items) == sorted(p.stem for p in FIXTURE.glob("*.yaml"))
    for record_id, gaps in EXPECTED_GAPS.items():
        assert items[record_id]["kurang"] == gaps, record_id
    assert data["jumlah_naskah"] == len(items) == 7
    assert data["naskah_belum_lengkap"] == sum(1 for i in items.values() if i["kurang"]) == 5
    assert data["kekurangan"]["nomor_naskah"] == 5
    assert set(data["data_dicari"]) >= {"tanggal_berakhir", "nomor_naskah", "penandatangan", "indikator_keberhasilan",
                                        "monev", "pindaian_naskah"}
    for unit in data["perangkat_daerah"]:
        years = [y["tahun"] for y in unit["tahun"]]
        assert years == sorted(years, key=lambda y: (y is None, -(y or 0)))  # newest first, unknown last
        assert unit["jumlah_naskah"] == sum(len(y["naskah"]) for y in unit["tahun"])


def test_text_and_markdown_say_the_same(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    _, out, _ = run(capsys, project, "--format", "json")
    data = json.loads(out)
    code, text, _ = run(capsys, project)
    assert code == 0
    code, markdown, _ = run(capsys, project, "--format", "markdown")
    assert code == 0
    summary = f"{data['jumlah_naskah']} naskah dari {len(data['perangkat_daerah'])} perangkat daerah; " \
              f"{data['naskah_belum_lengkap']} belum lengkap (per {AS_OF.isoformat()})."
    assert text.rstrip().endswith(summary) and summary in markdown
    words = data["data_dicari"]
    for unit in data["perangkat_daerah"]:
        assert f"{unit['nama']} [{unit['kode']}]: {unit['jumlah_naskah']} naskah" in text
        assert f"## {unit['nama']}\n" in markdown
    for _, item in _items(data):
        wanted = ", ".join(words[c] for c in item["kurang"]) or "tidak ada"
        assert f"    - {item['id']} ({item['status']})\n      kurang: {wanted}\n" in text
        assert f"(`{item['id']}`) | {item['status']} | {wanted} |" in markdown


def test_one_unit_only(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    _, out, _ = run(capsys, project, "--format", "json")
    unit = json.loads(out)["perangkat_daerah"][0]
    code, out, _ = run(capsys, project, "--format", "json", "--perangkat-daerah", unit["kode"])
    assert code == 0
    data = json.loads(out)
    assert [u["kode"] for u in data["perangkat_daerah"]] == [unit["kode"]]
    assert data["perangkat_daerah"][0] == unit
    assert data["jumlah_naskah"] == unit["jumlah_naskah"]


def test_unknown_unit_is_a_usage_error(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, err = run(capsys, project, "--perangkat-daerah", "dinas_tidak_ada")
    assert (code, out) == (2, "")
    assert "dinas_tidak_ada" in err


def test_a_register_with_an_error_gives_no_report(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    broken = make_site_project(tmp_path / "repo", FIXTURE)
    (broken.root / "agreements" / "rusak.yaml").write_text("id: rusak\njudul: [\n", encoding="utf-8")
    code, out, err = run(capsys, broken)
    assert (code, out) == (1, "")
    assert "[yaml-sintaks]" in err


def _page_numbers(html: str) -> dict[str, tuple[int, int]]:
    return {unit: (int(n), int(k)) for unit, n, k in
            re.findall(r'<tr data-unit="([^"]+)" data-naskah="(\d+)" data-kurang="(\d+)">', html)}


def test_staff_page_has_the_numbers_of_the_command(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    env = Environment.load(project)
    result = validate_all(env, AS_OF)
    ctx = context_for(env, result, AS_OF, SiteConfig())
    (page,) = coverage_page.pages(ctx)
    assert page.path == "panduan/cakupan.md"
    html = str(page.content)
    _, out, _ = run(capsys, project, "--format", "json")
    data = json.loads(out)
    assert _page_numbers(html) == {u["kode"]: (u["jumlah_naskah"], u["naskah_belum_lengkap"])
                                   for u in data["perangkat_daerah"]}
    assert f'data-naskah="{data["jumlah_naskah"]}" data-kurang="{data["naskah_belum_lengkap"]}"' in html
    for code, count in data["kekurangan"].items():
        assert f'<tr data-gap="{code}" data-naskah="{count}">' in html
    assert sorted(re.findall(r'<li data-id="([^"]+)"', html)) == sorted(i["id"] for _, i in _items(data))
    # The settings of the site and of the command are the same: the monev window is in both.
    assert control.gap_texts(ctx.model.control.settings)["monev"] == data["data_dicari"]["monev"]


def test_built_staff_page_matches_the_command(capsys: pytest.CaptureFixture[str], real_site: Any) -> None:
    built = (real_site.site / "panduan" / "cakupan" / "index.html").read_text(encoding="utf-8")
    code = main(["--root", str(REPO), "cakupan", "--format", "json", "--as-of", AS_OF.isoformat()])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert _page_numbers(built) == {u["kode"]: (u["jumlah_naskah"], u["naskah_belum_lengkap"])
                                    for u in data["perangkat_daerah"]}
    assert len(re.findall(r'<li data-id="', built)) == data["jumlah_naskah"] == len(real_site.generated.index.records)


def test_as_of_moves_the_monev_window(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    """2025-not-running (in force to 2028) had its last monev on 2026-09-30: recent on AS_OF, stale 13 months on."""
    def gaps(as_of: str) -> list[str]:
        code = main(["--root", str(project.root), "cakupan", "--format", "json", "--as-of", as_of])
        data = json.loads(capsys.readouterr().out)
        assert code == 0 and data["per_tanggal"] == as_of
        return next(item["kurang"] for _, item in _items(data) if item["id"] == "2025-not-running")

    assert "monev" not in gaps(AS_OF.isoformat())
    assert "monev" in gaps((AS_OF + dt.timedelta(days=400)).isoformat())
