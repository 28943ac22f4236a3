"""Issue 18: `kerjasama baru` for the real cases - a foreign Letter of Intent, an exploration visit
with no document, a renewal - by flags and by prompts; every list flag builds a list; refusals
keep the answers; suggestions come from code-list labels and keywords."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import pytest
from conftest import run_baru

from generator.check.sop import Sop
from generator.check.validate import Environment, validate
from generator.commands import interview
from generator.commands.cli import build_parser
from generator.derive.index import build_index
from generator.derive.status import Phase
from generator.project import Project
from generator.read.yamlstrict import read_text

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-04"

LOI = [
    "--id", "2026-uji-loi-korea",
    "--judul", "Letter of Intent Uji",
    "--jenis-naskah", "letter_of_intent",
    "--kategori", "ksdll",
    "--mitra", "Lembaga Uji Korea", "--jenis-mitra", "lembaga_luar_negeri", "--negara-mitra", "KR",
    "--perangkat-daerah", "tidak_diketahui",
    "--maksud-tujuan", "Uji.", "--objek", "Uji", "--ruang-lingkup", "Uji",
    "--urusan", "lingkungan_hidup",
    "--status", "ditandatangani", "--tanggal-tanda-tangan", "2026-01-22", "--penandatangan-kota", "wali_kota",
    "--sumber-url", "https://example.org/a", "--sumber-penerbit", "example.org", "--sumber-tanggal", "tidak_diketahui",
    "--sumber-diakses", "2026-12-04",
    "--tingkat-kepastian", "media",
]
VISIT = [
    "--id", "2025-uji-penjajakan",
    "--judul", "Penjajakan Uji",
    "--kategori", "ksdd", "--jenis-ksdd", "sukarela",
    "--mitra", "Pemerintah Kabupaten Banjar", "--jenis-mitra", "pemerintah_daerah_kabkota",
    "--kode-wilayah-mitra", "63.03",
    "--perangkat-daerah", "tidak_diketahui",
    "--maksud-tujuan", "Uji.", "--objek", "Uji", "--ruang-lingkup", "Uji",
    "--urusan", "pangan",
    "--status", "penjajakan",
    "--kegiatan-jenis", "kunjungan", "--kegiatan-tanggal", "2025-12-12", "--kegiatan-uraian", "Kunjungan kerja.",
    "--kegiatan-jenis", "rapat", "--kegiatan-tanggal", "tidak_diketahui", "--kegiatan-uraian", "Rapat lanjutan.",
    "--delegasi-pihak", "Pemerintah Kota Palangka Raya", "--delegasi-pimpinan", "Sekretaris Daerah",
    "--sumber-url", "https://example.org/b", "--sumber-penerbit", "example.org", "--sumber-tanggal", "2025-12-13",
    "--tingkat-kepastian", "media",
]


def run(project: Project, *flags: str) -> int:
    return run_baru(project, AS_OF, *flags)


def data_of(project: Project, record_id: str) -> dict:  # type: ignore[type-arg]
    return read_text((project.agreements / f"{record_id}.yaml").read_bytes(), "x").data  # type: ignore[no-any-return]


def clean(project: Project, record_id: str) -> None:
    """The file validates with no diagnostic at all (no wrong warning either)."""
    path = project.agreements / f"{record_id}.yaml"
    result = validate(Environment.load(project), dt.date(2026, 12, 4), [path])
    assert [(d.code, d.message) for d in result.diagnostics if d.file.endswith(path.name)] == []


def test_foreign_loi_by_flags_needs_no_dprd_and_is_never_in_force(register: Project,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *LOI) == 0, capsys.readouterr().out
    data = data_of(register, "2026-uji-loi-korea")
    assert "persetujuan_dprd" not in data
    assert data["para_pihak"][1]["negara"] == "KR"
    assert data["sumber"] == [{"url": "https://example.org/a", "penerbit": "example.org", "diakses": "2026-12-04"}]
    clean(register, "2026-uji-loi-korea")
    env = Environment.load(register)
    records = validate(env, dt.date(2026, 12, 4)).records
    index = build_index(records, env.codelists, dt.date(2026, 12, 4))
    assert index.status["2026-uji-loi-korea"].phase is Phase.DALAM_PROSES


def test_foreign_partner_with_a_domestic_category_is_refused_with_a_hint_and_the_answers_kept(
        register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    flags = list(LOI)
    flags[flags.index("--kategori") + 1] = "ksdpk"
    assert run(register, *flags, "--jenis-naskah", "kesepakatan_bersama") == 1
    out = capsys.readouterr().out
    assert "[kategori-mitra-luar-negeri]" in out
    assert "petunjuk: Ubah kategori menjadi ksdll" in out
    assert not (register.agreements / "2026-uji-loi-korea.yaml").exists()
    # Nothing typed is lost: the printed command gives every answer back.
    command = out.split("jalankan lagi:\n", 1)[1].strip().splitlines()[0]
    words = shlex.split(command)
    assert words[:2] == ["kerjasama", "baru"]
    again = [w if w != "ksdpk" else "ksdll" for w in words[2:]]
    again[again.index("--jenis-naskah") + 1] = "letter_of_intent"
    assert run(register, *again) == 0
    assert data_of(register, "2026-uji-loi-korea")["kategori"] == "ksdll"


def test_foreign_mou_asks_for_dprd_approval(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    flags = list(LOI)
    flags[flags.index("--jenis-naskah") + 1] = "memorandum_of_understanding_ln"
    assert run(register, *flags) == 2
    assert "--persetujuan-dprd" in capsys.readouterr().out
    assert run(register, *flags, "--persetujuan-dprd", "ya", "--nomor-persetujuan-dprd", "172/1/DPRD/2026",
               "--tanggal-persetujuan-dprd", "2026-01-10", "--dapat-diperpanjang", "ya") == 0
    data = data_of(register, "2026-uji-loi-korea")
    assert data["persetujuan_dprd"] == {"diperlukan": True, "nomor": "172/1/DPRD/2026", "tanggal": "2026-01-10"}
    assert data["dapat_diperpanjang"] is True


CENTRAL = ["--instansi-persetujuan-pusat", "Kementerian Dalam Negeri", "--nomor-persetujuan-pusat", "100.4.4/123/SJ",
           "--tanggal-persetujuan-pusat", "2026-04-15"]
DPRD = ["--persetujuan-dprd", "ya", "--nomor-persetujuan-dprd", "172/1/DPRD/2026", "--tanggal-persetujuan-dprd", "2026-01-10"]


def mou_flags() -> list[str]:
    """The foreign LoI's flags, now for the MoU it led to (stage 6b, past central approval at 6a)."""
    flags = list(LOI)
    flags[flags.index("--jenis-naskah") + 1] = "memorandum_of_understanding_ln"
    flags[flags.index("--tanggal-tanda-tangan") + 1] = "2026-06-22"
    return flags


def test_foreign_mou_past_stage_6a_records_central_approval_by_flags(register: Project,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *mou_flags(), *DPRD, *CENTRAL) == 0, capsys.readouterr().out
    data = data_of(register, "2026-uji-loi-korea")
    assert data["persetujuan_pusat"] == {"instansi": "Kementerian Dalam Negeri", "nomor": "100.4.4/123/SJ",
                                         "tanggal": "2026-04-15"}
    assert list(data).index("persetujuan_dprd") < list(data).index("persetujuan_pusat") < list(data).index("status")
    clean(register, "2026-uji-loi-korea")


def test_central_approval_may_be_given_in_part_and_is_kept_on_a_refusal(register: Project,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *mou_flags(), *CENTRAL[:2]) == 2  # DPRD approval missing: refused, answers kept
    out = capsys.readouterr().out
    assert "--persetujuan-dprd" in out
    command = shlex.split(out.split("jalankan lagi:\n", 1)[1].strip().splitlines()[0])
    assert command[command.index("--instansi-persetujuan-pusat") + 1] == "Kementerian Dalam Negeri"
    assert run(register, *command[2:], *DPRD) == 0
    assert data_of(register, "2026-uji-loi-korea")["persetujuan_pusat"] == {"instansi": "Kementerian Dalam Negeri"}
    clean(register, "2026-uji-loi-korea")


def test_central_approval_off_the_foreign_path_is_refused(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *VISIT, *CENTRAL) == 2
    out = capsys.readouterr().out
    assert ("--instansi-persetujuan-pusat: persetujuan pemerintah pusat hanya ada pada jalur SOP kategori "
            "ksdll atau ksdpl, bukan kategori ksdd.") in out
    assert not (register.agreements / "2025-uji-penjajakan.yaml").exists()


@pytest.mark.parametrize(("kind", "status", "category", "reached"), [
    ("memorandum_of_understanding_ln", "ditandatangani", "ksdll", True),    # 6b signed
    ("memorandum_of_understanding_ln", "berlaku", "ksdpl", True),
    ("memorandum_of_understanding_ln", "penyusunan_naskah", "ksdll", True),  # 6b: drafted after 6a
    ("perjanjian_kerja_sama", "ditandatangani", "ksdll", True),             # 8: a PKS under the MoU
    ("memorandum_of_understanding_ln", "menunggu_persetujuan_dprd", "ksdll", False),  # 6: before 6a
    ("letter_of_intent", "ditandatangani", "ksdll", False),                 # 3a
    (None, "penjajakan", "ksdll", False),
    ("memorandum_of_understanding_ln", "dibatalkan", "ksdll", False),
    ("kesepakatan_bersama", "ditandatangani", "ksdpk", False),              # no stage 6a on the general path
    ("nota_kesepakatan", "ditandatangani", "sinergi", False),
])
def test_the_path_decides_when_central_approval_is_asked(register: Project, kind: str | None, status: str,
                                                         category: str, reached: bool) -> None:
    env = Environment.load(register)
    answers = interview.Answers(id="x", judul="x", jenis_naskah=kind, status=status, kategori=category,
                                sop=Sop.from_codelists(env.codelists))
    assert all(q.when(answers) is reached for q in interview.CENTRAL_QUESTIONS)


def test_exploration_visit_without_a_document_by_flags(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *VISIT) == 0, capsys.readouterr().out
    data = data_of(register, "2025-uji-penjajakan")
    assert "jenis_naskah" not in data
    assert data["kegiatan"] == [{"jenis": "kunjungan", "tanggal": "2025-12-12", "uraian": "Kunjungan kerja."},
                                {"jenis": "rapat", "uraian": "Rapat lanjutan."}]
    assert data["delegasi"] == [{"pihak": "Pemerintah Kota Palangka Raya", "pimpinan": {"jabatan": "Sekretaris Daerah"}}]
    clean(register, "2025-uji-penjajakan")


def test_renewal_by_flags_closes_the_old_document(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    old = ["--id", "2019-uji-lama", "--judul", "KB lama", "--jenis-naskah", "kesepakatan_bersama",
           "--kategori", "ksdpk", "--mitra", "PT Uji", "--jenis-mitra", "badan_usaha_swasta",
           "--perangkat-daerah", "bpkad", "--maksud-tujuan", "Uji.", "--objek", "Uji", "--ruang-lingkup", "Uji",
           "--urusan", "penunjang_keuangan_pendapatan", "--status", "ditandatangani",
           "--tanggal-tanda-tangan", "2019-12-20", "--penandatangan-kota", "wali_kota",
           "--sumber-url", "https://example.org/c", "--sumber-penerbit", "example.org", "--sumber-tanggal", "2019-12-24",
           "--tingkat-kepastian", "media"]
    assert run(register, *old) == 0, capsys.readouterr().out
    new = list(old)
    for flag, value in (("--id", "2024-uji-baru"), ("--judul", "KB perpanjangan"), ("--tanggal-tanda-tangan", "2024-04-01"),
                        ("--status", "berlaku")):
        new[new.index(flag) + 1] = value
    assert run(register, *new, "--memperpanjang", "2019-uji-lama", "--tanggal-berakhir", "2029-03-31",
               "--dapat-diperpanjang", "ya") == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "dibuat dan sah" in out
    env = Environment.load(register)
    result = validate(env, dt.date(2026, 12, 4))
    # The old document is computed as ended and the register asks for its end date to be written.
    warned = [d for d in result.diagnostics if d.code == "perpanjangan-tanggal-berakhir"]
    assert [(Path(d.file).name, d.hint) for d in warned] == [
        ("2019-uji-lama.yaml", 'Isi tanggal_berakhir: "2024-03-31" dan hapus masa_berlaku_tidak_diketahui.')]
    index = build_index(result.records, env.codelists, dt.date(2026, 12, 4))
    assert index.status["2019-uji-lama"].phase is Phase.BERAKHIR


# --- every list flag builds a list, each item with its own values -------------------------------
def test_repeated_source_flags_give_one_source_each(register: Project) -> None:
    flags = list(VISIT)
    at = flags.index("--sumber-url")
    del flags[at:at + 6]
    for n in (1, 2, 3):
        flags += ["--sumber-url", f"https://example.org/s{n}", "--sumber-penerbit", f"penerbit{n}.example",
                  "--sumber-tanggal", f"2025-12-1{n}", "--sumber-judul", f"Judul {n}"]
    assert run(register, *flags) == 0
    assert data_of(register, "2025-uji-penjajakan")["sumber"] == [
        {"url": f"https://example.org/s{n}", "penerbit": f"penerbit{n}.example", "judul": f"Judul {n}",
         "tanggal": f"2025-12-1{n}"} for n in (1, 2, 3)]


@pytest.mark.parametrize(("drop", "message"), [
    ("--sumber-penerbit", "--sumber-penerbit diberikan 1 kali, tetapi --sumber-url 2 kali"),
    ("--sumber-tanggal", "--sumber-tanggal diberikan 1 kali, tetapi --sumber-url 2 kali"),
])
def test_source_flag_counts_must_match(register: Project, capsys: pytest.CaptureFixture[str],
                                       drop: str, message: str) -> None:
    second = {"--sumber-url": "https://example.org/z", "--sumber-penerbit": "z.example", "--sumber-tanggal": "2025-12-14"}
    extra = [x for flag, value in second.items() if flag != drop for x in (flag, value)]
    assert run(register, *VISIT, *extra) == 2
    out = capsys.readouterr().out
    assert message in out
    assert not (register.agreements / "2025-uji-penjajakan.yaml").exists()


def test_unknown_publication_date_needs_the_access_date(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    flags = list(VISIT)
    flags[flags.index("--sumber-tanggal") + 1] = "tidak_diketahui"
    assert run(register, *flags) == 2
    assert "beri --sumber-diakses" in capsys.readouterr().out


@pytest.mark.parametrize(("flag", "values", "key", "expected"), [
    ("--ruang-lingkup", ["A", "B", "C"], "ruang_lingkup", ["Uji", "A", "B", "C"]),
    ("--urusan", ["pertanian", "kelautan_perikanan"], "urusan", ["pangan", "pertanian", "kelautan_perikanan"]),
    ("--sumber-dana", ["apbd_kota", "apbd_mitra"], ("pendanaan", "sumber"), ["apbd_kota", "apbd_mitra"]),
])
def test_repeated_value_flags_build_lists(register: Project, flag: str, values: list[str], key: object,
                                          expected: list[str]) -> None:
    extra = [x for value in values for x in (flag, value)]
    assert run(register, *VISIT, *extra) == 0
    data = data_of(register, "2025-uji-penjajakan")
    got = data[key[0]][key[1]] if isinstance(key, tuple) else data[key]
    assert got == expected


def test_repeated_partner_flags_pair_in_order(register: Project) -> None:
    flags = [*VISIT, "--mitra", "Pemerintah Kabupaten Katingan", "--jenis-mitra", "pemerintah_daerah_kabkota",
             "--kode-wilayah-mitra", "62.09"]
    assert run(register, *flags) == 0
    parties = data_of(register, "2025-uji-penjajakan")["para_pihak"][1:]
    assert [(p["nama"], p["kode_wilayah"]) for p in parties] == [
        ("Pemerintah Kabupaten Banjar", "63.03"), ("Pemerintah Kabupaten Katingan", "62.09")]


def test_activity_and_delegation_flag_counts_must_match(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *VISIT, "--kegiatan-jenis", "rapat") == 2
    assert "--kegiatan-tanggal diberikan 2 kali, tetapi --kegiatan-jenis 3 kali" in capsys.readouterr().out
    assert run(register, *VISIT, "--delegasi-pihak", "Pemerintah Kabupaten Banjar") == 2
    assert "--delegasi-pimpinan diberikan 1 kali, tetapi --delegasi-pihak 2 kali" in capsys.readouterr().out


# --- suggestions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("flag", "value", "expected"), [
    ("--perangkat-daerah", "dinas_ketahanan_pangan", "Mungkin maksud Anda: dinas_pertanian?"),
    ("--urusan", "ketahanan_pangan", "Mungkin maksud Anda: pangan?"),
])
def test_flags_get_suggestions_from_labels_and_keywords(register: Project, capsys: pytest.CaptureFixture[str],
                                                        flag: str, value: str, expected: str) -> None:
    flags = list(VISIT)
    flags[flags.index(flag) + 1] = value
    assert run(register, *flags) == 2
    out = capsys.readouterr().out
    assert expected in out
    assert "...." not in out and "/panduan/referensi-skema/#kode-" in out


# --- by prompts --------------------------------------------------------------------------------------
def interactive(project: Project, answers: list[str]) -> tuple[int, list[str]]:
    said: list[str] = []
    feed = iter(answers)
    args = build_parser().parse_args(["baru"])
    code = interview.command(args, project, dt.date(2026, 12, 4), interactive=True,
                             ask=lambda prompt: next(feed), say=said.append)
    assert next(feed, None) is None, "every scripted answer was asked for"
    return code, said


def test_foreign_loi_by_prompts(register: Project) -> None:
    code, said = interactive(register, [
        "2026-uji-loi-prompt", "LoI Uji",
        "letter_of_intent", "ksd", "ksdll",
        "Lembaga Uji Korea", "lembaga_luar_negeri", "KR", "",     # partner, its type and country; no more
        "tidak_diketahui", "Uji.", "Uji", "Uji", "", "lingkungan_hidup",
        "ditandatangani", "2026-01-22", "wali_kota",              # signed: date and signatory; no term for an LoI
        "",                                                        # sumber_dana: default kept
        "media",
        "https://example.org/p", "example.org", "", "2026-12-04", "",   # date unknown -> access date; no title
        "",                                                        # no more sources
    ])
    assert code == 0, said
    data = data_of(register, "2026-uji-loi-prompt")
    assert data["sumber"] == [{"url": "https://example.org/p", "penerbit": "example.org", "diakses": "2026-12-04"}]
    assert "persetujuan_dprd" not in data and "tanggal_berakhir" not in data
    clean(register, "2026-uji-loi-prompt")


def test_foreign_mou_by_prompts_asks_for_central_approval(register: Project) -> None:
    code, said = interactive(register, [
        "2026-uji-mou-prompt", "MoU Uji",
        "memorandum_of_understanding_ln", "ksd", "ksdll",
        "",                                                        # memperpanjang: not a renewal
        "Lembaga Uji Korea", "lembaga_luar_negeri", "KR", "",
        "tidak_diketahui", "Uji.", "Uji", "Uji", "", "lingkungan_hidup",
        "ditandatangani", "2026-06-22", "wali_kota", "", "",      # no known end, extendable unknown
        "ya", "172/1/DPRD/2026", "2026-01-10",                     # stage 6: DPRD approval
        "Kementerian Dalam Negeri", "", "2026-04-15",              # stage 6a: central approval, number unknown
        "media",
        "https://example.org/m", "example.org", "2026-06-23", "", "",
    ])
    assert code == 0, said
    assert "Persetujuan pemerintah pusat: instansi (boleh dikosongkan)" in said
    data = data_of(register, "2026-uji-mou-prompt")
    assert data["persetujuan_pusat"] == {"instansi": "Kementerian Dalam Negeri", "tanggal": "2026-04-15"}
    clean(register, "2026-uji-mou-prompt")


def test_exploration_visit_by_prompts(register: Project) -> None:
    code, said = interactive(register, [
        "2025-uji-penjajakan-prompt", "Penjajakan Uji",
        "",                                                        # no document yet
        "ksd", "ksdd", "sukarela",
        "Pemerintah Kabupaten Banjar", "pemerintah_daerah_kabkota", "63.03", "",
        "tidak_diketahui", "Uji.", "Uji", "Uji", "", "ketahanan pangan", "pangan",   # a suggestion, then the code
        "penjajakan",
        "",                                                        # sumber_dana
        "media",
        "Kunjungan kerja ke Martapura.", "kunjungan", "2025-12-12", "",   # one dated activity
        "Pemerintah Kota Palangka Raya", "Sekretaris Daerah Kota Palangka Raya", "", "", "",  # one delegation
        "https://example.org/q", "example.org", "2025-12-13", "", "",
    ])
    assert code == 0, said
    assert "  Pilihan tidak dikenal; ketik nomor atau kode dari daftar. Mungkin maksud Anda: pangan?" in said
    data = data_of(register, "2025-uji-penjajakan-prompt")
    assert "jenis_naskah" not in data
    assert data["kegiatan"] == [{"jenis": "kunjungan", "tanggal": "2025-12-12", "uraian": "Kunjungan kerja ke Martapura."}]
    assert data["delegasi"][0]["pimpinan"] == {"jabatan": "Sekretaris Daerah Kota Palangka Raya"}
    clean(register, "2025-uji-penjajakan-prompt")


def test_prompts_ask_for_the_document_type_once_signed(register: Project) -> None:
    code, said = interactive(register, [
        "2024-uji-kb", "KB Uji",
        "",                                                        # skipped at first ...
        "ksd", "ksdpk",
        "PT Uji", "badan_usaha_swasta", "",
        "bpkad", "Uji.", "Uji", "Uji", "", "penunjang_keuangan_pendapatan",
        "ditandatangani", "2024-05-01", "wali_kota", "2026-04-30", "tidak",
        "", "media",
        "kesepakatan_bersama",                                     # ... asked again once signed
        "https://example.org/r", "example.org", "2024-05-02", "", "",
    ])
    assert code == 0, said
    data = data_of(register, "2024-uji-kb")
    assert data["jenis_naskah"] == "kesepakatan_bersama"
    assert data["dapat_diperpanjang"] is False


# --- validator hints -------------------------------------------------------------------------------
def test_validator_hints_come_from_the_source_text_and_the_code_lists(register: Project) -> None:
    assert run(register, *VISIT) == 0
    path = register.agreements / "2025-uji-penjajakan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("kode_wilayah: '63.03'", "kode_wilayah: 62.10")
    text = text.replace("urusan: [pangan]", "urusan: [ketahanan_pangan]")
    text = text.replace("perangkat_daerah: tidak_diketahui", "perangkat_daerah: dinas_ketahanan_pangan")
    path.write_text(text, encoding="utf-8")
    result = validate(Environment.load(register), dt.date(2026, 12, 4), [path])
    hints = {d.json_path: d.hint for d in result.diagnostics}
    assert 'tulis "62.10"' in hints["$.para_pihak[1].kode_wilayah"]
    assert '"62.1"' not in hints["$.para_pihak[1].kode_wilayah"]
    assert hints["$.urusan[0]"].startswith("Mungkin maksud Anda 'pangan'?")
    assert "/panduan/referensi-skema/#kode-urusan" in hints["$.urusan[0]"] and "..." not in hints["$.urusan[0]"]
    assert hints["$.perangkat_daerah"].startswith("Mungkin maksud Anda 'dinas_pertanian'?")
