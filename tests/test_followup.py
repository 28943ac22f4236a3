"""`kerjasama tindak-lanjut`: the actions due on a fixture register, as the as-of date moves forward."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.derive.followup import REASON_LABELS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "followup"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout whose register is tests/fixtures/followup (settings from the real mkdocs.yml)."""
    here = tmp_path_factory.mktemp("tindak-lanjut")
    for name in ("schema", "data"):
        shutil.copytree(REPO / name, here / name)
    shutil.copy(REPO / "mkdocs.yml", here / "mkdocs.yml")
    (here / "docs").mkdir()
    shutil.copytree(FIXTURES, here / "agreements")
    return here


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), "tindak-lanjut", *args])
    return code, capsys.readouterr().out


def actions(root: Path, capsys: pytest.CaptureFixture[str], as_of: str) -> list[dict[str, object]]:
    code, out = run(root, capsys, "--format", "json", "--as-of", as_of)
    assert code == 0
    data = json.loads(out)
    assert data["tanggal_acuan"] == as_of and data["jumlah"] == len(data["tindakan"])
    return list(data["tindakan"])


def test_keys_follow_the_as_of_date(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    early = {a["kunci"] for a in actions(root, capsys, "2026-01-10")}
    assert early == {
        # ends 2026-01-31, within the 30-day window; the decision was due 90 days before the end
        "2021-kb-air-bersih:segera-berakhir",
        "2021-kb-air-bersih:keputusan-terlambat",
        # signed 2025-03-01 with no monev yet: a completeness task, no follow-up due before 2026-03-01
        "2025-kb-pariwisata:data-belum-lengkap",
    }
    later = {a["kunci"] for a in actions(root, capsys, "2026-04-01")}
    assert later == {
        "2021-kb-air-bersih:berakhir-tanpa-keputusan",  # ended 2026-01-31, still no decision
        "2025-kb-pariwisata:data-belum-lengkap",
        "2025-kb-pariwisata:tahap-terlambat",  # yearly monev was due 2026-03-01
        "2025-kb-pariwisata:tanpa-tindak-lanjut",  # a KB 12 months on with no PKS, work plan or monev
        "2026-kb-pembahasan:tahap-terlambat",  # the TKKSD discussion had a deadline of 2026-02-01
    }


def test_action_fields(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = {a["kunci"]: a for a in actions(root, capsys, "2026-04-01")}
    late = found["2026-kb-pembahasan:tahap-terlambat"]
    assert (late["id"], late["alasan"], late["perangkat_daerah"], late["tenggat"]) == (
        "2026-kb-pembahasan", "tahap-terlambat", "dinas_perdagangan", "2026-02-01")
    assert late["label_perangkat_daerah"] == "Dinas Perdagangan dan Perindustrian"
    assert str(late["judul"]).startswith("Tahap SOP terlambat: Kesepakatan Bersama Pengelolaan Pasar Terapung")
    assert "- Kajian dan rekomendasi TKKSD (tenggat 2026-02-01)" in str(late["isi"]) and "Cara menyelesaikan" in str(late["isi"])
    followup = found["2025-kb-pariwisata:tanpa-tindak-lanjut"]
    assert followup["tenggat"] == "2026-03-01"  # signed 2025-03-01 + followup_months (12)
    ended = found["2021-kb-air-bersih:berakhir-tanpa-keputusan"]
    assert ended["tenggat"] == "2026-01-31"
    assert "keputusan_perpanjangan" in str(ended["isi"])


def test_digest_ignores_the_passing_days_but_not_the_facts(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A daily run must not comment every day: the digest holds facts, not a count of days left."""
    one = {a["kunci"]: a["sidik"] for a in actions(root, capsys, "2026-04-01")}
    two = {a["kunci"]: a["sidik"] for a in actions(root, capsys, "2026-04-20")}
    assert one == two
    soon = {a["kunci"]: a for a in actions(root, capsys, "2026-01-10")}
    sooner = {a["kunci"]: a for a in actions(root, capsys, "2025-12-01")}  # 61 days left: the 90-day window
    key = "2021-kb-air-bersih:segera-berakhir"
    assert soon[key]["fakta"] == {"tanggal_berakhir": "2026-01-31", "jendela_hari": 30}
    assert sooner[key]["fakta"] == {"tanggal_berakhir": "2026-01-31", "jendela_hari": 90}
    assert soon[key]["sidik"] != sooner[key]["sidik"]


def test_fixing_the_data_resolves_the_action(tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixed = tmp_path / "diperbaiki"
    shutil.copytree(root, fixed)
    path = fixed / "agreements" / "2021-kb-air-bersih.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: berlaku\n", "status: berakhir\nkeputusan_perpanjangan:\n"
                                 "  keputusan: tidak_diperpanjang\n  tanggal: \"2026-03-15\"\n"), encoding="utf-8")
    keys = {a["kunci"] for a in actions(fixed, capsys, "2026-04-01")}
    assert not any(k.startswith("2021-kb-air-bersih:") for k in keys)
    assert "2025-kb-pariwisata:tanpa-tindak-lanjut" in keys


def test_a_recorded_decision_ends_the_ending_soon_action(tmp_path: Path, root: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    decided = tmp_path / "diputuskan"
    shutil.copytree(root, decided)
    path = decided / "agreements" / "2021-kb-air-bersih.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: berlaku\n", "status: berlaku\nkeputusan_perpanjangan:\n"
                                 "  keputusan: diperpanjang\n  tanggal: \"2025-12-15\"\n"), encoding="utf-8")
    keys = {a["kunci"] for a in actions(decided, capsys, "2026-01-10")}
    assert keys == {"2025-kb-pariwisata:data-belum-lengkap"}
    path.write_text(text.replace("status: berlaku\n", "status: berlaku\nkeputusan_perpanjangan:\n"
                                 "  keputusan: dalam_kajian\n  tanggal: \"2025-12-15\"\n"), encoding="utf-8")
    keys = {a["kunci"] for a in actions(decided, capsys, "2026-01-10")}
    assert {"2021-kb-air-bersih:segera-berakhir", "2021-kb-air-bersih:keputusan-terlambat"} <= keys  # not final


def test_markdown_lists_every_key(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(root, capsys, "--as-of", "2026-04-01")
    assert code == 0
    assert out.startswith("# Tindak lanjut per 2026-04-01\n")
    assert "5 tindakan." in out
    assert "| `2026-kb-pembahasan:tahap-terlambat` | Tahap SOP terlambat | Dinas Perdagangan dan Perindustrian |" in out


def test_markdown_escapes_register_text(tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table goes into the job summary, which renders HTML: data stays text and in its cell."""
    odd = tmp_path / "aneh"
    shutil.copytree(root, odd)
    path = odd / "agreements" / "2026-kb-pembahasan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("judul: Kesepakatan Bersama Pengelolaan Pasar Terapung",
                                 "judul: Pasar <b>Terapung</b> | Sungai"), encoding="utf-8")
    code, out = run(odd, capsys, "--as-of", "2026-04-01")
    assert code == 0
    assert "Tahap SOP terlambat: Pasar &lt;b&gt;Terapung&lt;/b&gt; \\| Sungai |" in out and "<b>" not in out


def test_windows_come_from_mkdocs_yml(tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One source of truth: the same ambang_hari the /masa-berlaku/ page uses."""
    other = tmp_path / "jendela"
    shutil.copytree(root, other)
    config = other / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "ambang_hari: [180, 90, 30]" in text
    config.write_text(text.replace("ambang_hari: [180, 90, 30]", "ambang_hari: [10]"), encoding="utf-8")
    keys = {a["kunci"] for a in actions(other, capsys, "2026-01-10")}
    assert "2021-kb-air-bersih:segera-berakhir" not in keys  # 21 days left, outside a 10-day window


def test_an_invalid_register_lists_nothing(tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "rusak"
    shutil.copytree(root, broken)
    (broken / "agreements" / "2025-kb-pariwisata.yaml").write_text("id: [\n", encoding="utf-8")
    assert main(["--root", str(broken), "tindak-lanjut", "--as-of", "2026-04-01"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "galat" in captured.err


def test_the_guide_explains_every_reason() -> None:
    """Docs are a contract: /panduan/tindak-lanjut/ has one row per reason code, no more."""
    text = (REPO / "docs" / "panduan" / "tindak-lanjut.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `([a-z-]+)` \|", text, re.M)) == set(REASON_LABELS)
