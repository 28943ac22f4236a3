"""Smoke tests of the scale benchmarks: tiny sizes only (the real runs are `make bench`)."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import generator.check.validate as validate_module
from benchmarks import measure, report, run, synth
from generator.check.validate import Environment, validate
from generator.project import Project
from tests.conftest import AS_OF, REPO


def test_synthetic_register_is_valid_and_varied(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    synth.write_register(folder, 120, seed=11)
    env = Environment.load(Project(REPO, register=folder))
    result = validate(env, AS_OF)
    assert len(result.files) == 120
    assert [(d.file, d.code) for d in result.diagnostics] == []  # valid: no error and no warning
    records = [r.data for r in result.records]
    categories = Counter(r.get("kategori", "non_ksd") for r in records)
    assert {"ksdpk", "ksdd", "sinergi", "non_ksd"} <= set(categories)
    assert any(r.get("masa_berlaku_tidak_diketahui") for r in records)
    assert any(r["jenis_naskah"] == "perjanjian_kerja_sama" and "naskah_induk" in r for r in records)
    partners = Counter(p["nama"] for r in records for p in r["para_pihak"] if not p["pihak_kota"])
    assert partners.most_common(1)[0][1] >= 5  # partners repeat
    years = {r["tanggal_tanda_tangan"][:4] for r in records if "tanggal_tanda_tangan" in r}
    assert len(years) >= 8


def test_synthetic_register_is_deterministic() -> None:
    first = [name for name, _ in synth.iter_files(30, seed=4)]
    again = list(synth.iter_files(30, seed=4))
    assert first == [name for name, _ in again]
    assert again == list(synth.iter_files(30, seed=4))
    assert first != [name for name, _ in synth.iter_files(30, seed=5)]


@pytest.mark.slow
def test_benchmark_command_runs_on_20_agreements(tmp_path: Path) -> None:
    results, page = tmp_path / "results.json", tmp_path / "kinerja.md"
    code = run.main(["--sizes", "20", "--label", "after", "--bare", "run", "--site-size", "0",
                     "--incremental-sizes", "20", "--scale-size", "0",
                     "--work", str(tmp_path / "out"), "--results", str(results), "--page", str(page)])
    assert code == 0
    data = json.loads(results.read_text(encoding="utf-8"))
    row = data["runs"]["after"]["20"]
    assert row["records"] == 20 and row["mkdocs_code"] == 0
    for key in ("validate_s", "check_jsonschema_s", "generate_s", "mkdocs_s", "build_s", "build_peak_mb",
                "site_mb", "pagefind_s", "pagefind_mb"):
        assert row[key] > 0, key
    assert data["bare"]["20"]["bare_s"] > 0
    assert data["machine"]["nproc"] >= 1
    text = page.read_text(encoding="utf-8")
    searched = _cells(text, "Pencarian Pagefind")
    assert len(searched) == 1 and searched[0][0] == "20" and "–" not in searched[0]
    assert "## Sasaran" in text
    assert row["pagefind_peak_mb"] > 0 and row["pagefind_files"] > 0 and row["pagefind_query_bytes"] > 0
    # The real `kerjasama build`, cold, warm, after one edit and the next day, each with its stages.
    built = data["incremental"]["after"]["20"]
    for kind in ("cold", "warm", "edit", "daily", "bare"):
        assert built[kind]["s"] > 0 and built[kind]["cpu_s"] > 0, kind
    for kind in ("cold", "warm", "edit", "daily"):
        assert set(built[kind]["stages"]) >= {"generate_s", "mkdocs_cpu_s", "pagefind_s", "postbuild_s"}, kind
    assert built["site"]["pagefind_files"] > 0
    stages = _cells(text, "Tahap-tahap bangun, 20 naskah (detik; CPU)")
    assert [row[0] for row in stages] == ["dingin (tanpa tembolok)", "hangat, tanpa perubahan",
                                         "hangat, satu naskah disunting", "harian: tanggal acuan +1 hari"]
    assert all("–" not in row[1:5] for row in stages)


def test_make_site_benchmark_runs_what_the_makefile_runs() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    commands = [tuple(line.split("$(BIN)/kerjasama", 1)[1].split()) for line in recipe if "$(BIN)/kerjasama" in line]
    assert commands == list(run.MAKE_SITE_COMMANDS)
    assert all(line.startswith("\t") for line in recipe)


def _cells(text: str, caption: str) -> list[list[str]]:
    """The rows of the report's table with this caption, each as its cells' inner HTML."""
    table = text.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    return [re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)][1:]


def test_report_tables_are_cards_with_a_label_per_value() -> None:
    """Every table of the report fits a phone as cards (issue 12): each value carries its heading."""
    text = report.render({"runs": {"a": {"100": {"size": 100, "validate_s": 0.3, "pagefind_s": 1.0,
                                                 "pagefind_peak_mb": 90.0}}}})
    assert '<table class="ks-table ks-cards ks-bench ks-bench--num">' in text
    assert '<td data-label="Puncak memori (MB)">90</td>' in text
    assert "\n\n" not in text.split("<table", 1)[1].split("</table>", 1)[0]  # one HTML block for Markdown


def test_report_formats_numbers_and_judges_targets() -> None:
    results = {
        "machine": {"nproc": 2, "cpu": "X", "ram_gb": 23.5, "python": "3.11.7", "system": "Linux"},
        "runs": {"after": {"10000": {"size": 10000, "validate_s": 2.5, "validate_cpu_s": 4.0,
                                     "check_jsonschema_s": 100.0, "generate_s": 10.0, "mkdocs_s": 50.0,
                                     "build_s": 70.0, "load_avg": 0.5},
                           "20000": {"size": 20000, "build_peak_mb": 900.0, "build_tree_peak_mb": 1200.0,
                                     "pagefind_s": 300.0, "pagefind_query_bytes": 400_000}}},
        "bare": {"10000": {"bare_s": 35.0}},
        "catatan": ["Contoh catatan."],
    }
    text = report.render(results)
    assert _cells(text, "Validasi (detik)") == [["10.000", "2,50 (4,00)", "100,0", "40,0×", "0,5"]]
    # A column nobody measured is left out, and so is a size with nothing in the table.
    assert _cells(text, "Pembangunan (detik)") == [["10.000", "10,00", "50,0", "–", "70,0"],
                                                   ["20.000", "–", "–", "300,0", "–"]]
    assert _cells(text, "Memori dan ukuran") == [["10.000", "–", "35,0"], ["20.000", "900 (1.200)", "–"]]
    targets = {row[0]: row[1:] for row in _cells(text, "Sasaran dan nilai terukur")}
    assert targets["validate 10.000 naskah ≤ 3 detik"] == ["2,50", "sesudah optimasi", "terpenuhi"]
    assert targets["validate + generate ≤ 15% waktu MkDocs (10.000 naskah)"] == [
        "20,00", "sesudah optimasi", "<strong>tidak terpenuhi</strong>"]
    # Memory is judged on the sum of processes alive together when it exceeds the largest one, and only
    # for builds that ran Pagefind; search on what a visitor downloads for one query.
    assert targets["puncak memori pembangunan 20.000 naskah ≤ 1 GB (MB)"] == [
        "1.200,00", "sesudah optimasi", "<strong>tidak terpenuhi</strong>"]
    assert targets["data pencarian yang diunduh untuk satu kueri, 20.000 naskah ≤ 8 MB (MB)"] == [
        "0,40", "sesudah optimasi", "terpenuhi"]
    assert targets["<code>make site</code> 500 naskah ≤ 10 detik"] == ["–", "–", "belum diukur"]
    assert "- Contoh catatan." in text


def test_report_judges_each_target_on_the_newest_run_that_measured_it() -> None:
    results = {
        "order": ["lama", "baru"],
        "runs": {"baru": {"10000": {"size": 10000, "validate_s": 2.0}},
                 "lama": {"10000": {"size": 10000, "validate_s": 5.0, "check_jsonschema_s": 50.0},
                          "20000": {"size": 20000, "pagefind_query_bytes": 9_000_000}}},
        "site": {"lama": {"size": 500, "make_site_s": 12.0, "preview": {"median_s": 2.5, "samples_s": [2.5]}},
                 "baru": {"size": 500, "make_site_s": 9.0, "preview": {"error": "tidak tampil"}}},
    }
    text = report.render(results)
    targets = {row[0]: row[1:] for row in _cells(text, "Sasaran dan nilai terukur")}
    assert targets["validate 10.000 naskah ≤ 3 detik"] == ["2,00", "baru", "terpenuhi"]
    assert targets["validate ≥ 3× lebih cepat dari check-jsonschema"] == ["10,00", "lama", "terpenuhi"]
    assert targets["data pencarian yang diunduh untuk satu kueri, 20.000 naskah ≤ 8 MB (MB)"] == [
        "9,00", "lama", "<strong>tidak terpenuhi</strong>"]
    assert targets["<code>make site</code> 500 naskah ≤ 10 detik"] == ["9,00", "baru", "terpenuhi"]
    assert targets["pratinjau diperbarui ≤ 3 detik (500 naskah)"] == ["2,50", "lama", "terpenuhi"]
    assert text.index("## Hasil terbaru: baru") < text.index("### lama")


def test_parallel_reading_gives_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                forking: list[int]) -> None:
    folder = tmp_path / "agreements"
    synth.write_register(folder, 40, seed=2)
    (folder / "rusak.yaml").write_text("id: [\n", encoding="utf-8")  # a broken file keeps its diagnostic
    env = Environment.load(Project(REPO, register=folder))
    sequential = validate(env, AS_OF)  # 40 files: below the parallel threshold
    monkeypatch.setattr(validate_module, "PARALLEL_MIN_FILES", 10)
    parallel = validate(env, AS_OF)
    assert forking, "the parallel path was not taken"
    assert parallel == sequential
    assert [d.code for d in parallel.diagnostics] == ["yaml-sintaks"]


def test_report_judges_the_build_targets_of_issue_16() -> None:
    """Cold CPU against bare MkDocs, the one-edit build, the daily rebuild and memory at 50,000, each
    from the newest run that measured it; a target with no measurement says so."""
    def build(seconds: float, cpu: float, peak: float = 100.0) -> dict[str, Any]:
        return {"s": seconds, "cpu_s": cpu, "peak_mb": peak, "stages": {"generate_s": 1.0, "generate_cpu_s": 1.5}}

    results = {"incremental": {
        "old": {"10000": {"size": 10000, "cold": build(100, 150), "edit": build(30, 40), "daily": build(90, 120),
                          "bare": build(12, 13)}},
        "new": {"10000": {"size": 10000, "cold": build(60, 80), "warm": build(8, 9), "edit": build(9.5, 11),
                          "daily": build(20, 25), "bare": build(12, 13)},
                "50000": {"size": 50000, "cold": build(900, 1000, peak=2500.0), "bare": build(60, 62)}}},
        "runs": {"new": {"50000": {"size": 50000, "build_peak_mb": 2500.0, "build_tree_peak_mb": 2600.0,
                                   "pagefind_s": 500.0, "pagefind_peak_mb": 2400.0, "generator_peak_mb": 1900.0}}},
        "order": ["old", "new"]}
    text = report.render(results)
    targets = {row[0]: row[1:] for row in _cells(text, "Sasaran dan nilai terukur")}
    assert targets["bangun dingin 10.000 naskah ≤ 2× CPU MkDocs polos (rasio)"] == [
        "6,15", "new", "<strong>tidak terpenuhi</strong>"]
    assert targets["bangun hangat setelah menyunting satu naskah, 10.000 naskah ≤ 10 detik"] == [
        "9,50", "new", "terpenuhi"]
    assert targets["bangun ulang harian tanpa perubahan data, 10.000 naskah ≤ 0,5× bangun dingin (rasio)"] == [
        "0,33", "new", "terpenuhi"]
    assert targets["50.000 naskah dibangun utuh dengan pencarian, puncak memori ≤ 2 GB (MB)"] == [
        "2.600,00", "new", "<strong>tidak terpenuhi</strong>"]
    assert targets["bangun dingin 1.000 naskah ≤ 2× CPU MkDocs polos (rasio)"] == ["–", "–", "belum diukur"]
    profile = _cells(text, "Tahap-tahap bangun, 10.000 naskah (detik; CPU)")
    assert profile[0][:2] == ["dingin (tanpa tembolok)", "1,0 (1,5)"]


def test_peak_memory_is_the_child_s_own_not_the_benchmark_s() -> None:
    """Linux carries the forking process's high-water mark over the child's exec, so wait4 alone
    would report a small child at the benchmark's own peak (the 1,000-agreement rows once read
    397.9 MB, the benchmark's size after its 50,000 run): a child is measured at its own peak."""
    held = bytearray(300 << 20)
    held[::4096] = b"\x01" * len(range(0, len(held), 4096))  # resident: the benchmark's peak is now >= 300 MB
    del held
    small = measure.run([sys.executable, "-c", "import time; time.sleep(0.3)"])
    grown = measure.run([sys.executable, "-c", "import time; x = bytearray(120 << 20); x[::4096] = b'1' * "
                         "len(range(0, len(x), 4096)); time.sleep(0.3)"])
    assert small.returncode == grown.returncode == 0
    assert 1 < small.peak_mb < 60
    assert 120 < grown.peak_mb < 200
