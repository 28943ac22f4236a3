"""`kerjasama baru`: the new file is valid, commented, safely written, and never overwrites."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import run_baru
from constants import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.validate import Environment, validate
from generator.commands import interview
from generator.commands.cli import build_parser, main
from generator.project import Project
from generator.read.yamlstrict import read_text
from generator.site.scaffold import MODELINE, Answers, in_schema_order, scalar, to_data

AS_OF = "2026-11-27"

# The Satpol PP - Kejari PKS of 22 May 2024 (jurnalborneo.co.id), under a new id.
FLAGS = [
    "--id", "2024-kejari-datun-satpol-pp-uji",
    "--judul", "Perjanjian Kerja Sama Penanganan Masalah Hukum Bidang Perdata dan Tata Usaha Negara",
    "--jenis-naskah", "perjanjian_kerja_sama",
    "--kategori", "sinergi",
    "--mitra", "Kejaksaan Negeri Palangka Raya",
    "--jenis-mitra", "kementerian_lembaga",
    "--perangkat-daerah", "satpol_pp",
    "--maksud-tujuan", "Pendampingan hukum kepada Satpol PP dalam penegakan Perda.",
    "--objek", "Penanganan masalah hukum bidang perdata dan tata usaha negara",
    "--ruang-lingkup", "Pendampingan hukum penegakan Perda",
    "--urusan", "ketenteraman_ketertiban_umum_pelindungan_masyarakat",
    "--urusan", "penunjang_hukum",
    "--status", "ditandatangani",
    "--tanggal-tanda-tangan", "2024-05-22",
    "--penandatangan-kota", "kepala_perangkat_daerah",
    "--sumber-url", "https://jurnalborneo.co.id/",
    "--sumber-penerbit", "jurnalborneo.co.id",
    "--sumber-tanggal", "2024-05-22",
    "--tingkat-kepastian", "media",
]


def run(project: Project, *flags: str) -> int:
    return run_baru(project, AS_OF, *flags)


def with_flag(flag: str, value: str) -> list[str]:
    out = list(FLAGS)
    out[out.index(flag) + 1] = value
    return out


def test_unknown_signing_year_is_recorded_explicitly_with_a_note(register: Project,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: a signed document whose year is unknown; never an invented date, and the note is required."""
    flags = with_flag("--tanggal-tanda-tangan", "tidak_diketahui")
    assert run(register, *flags) == 2  # no --catatan: a usage error before anything is written
    assert "--catatan" in capsys.readouterr().out
    assert not (register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml").exists()
    assert run(register, *flags, "--catatan", "Berita menyebut PKS berjalan; tahunnya tidak disebut.") == 0
    path = register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml"
    data = read_text(path.read_bytes(), "x").data
    assert data["tahun_tanda_tangan_tidak_diketahui"] is True
    assert "tanggal_tanda_tangan" not in data and "tahun_tanda_tangan" not in data
    assert data["catatan"] == "Berita menyebut PKS berjalan; tahunnya tidak disebut."
    assert validate(Environment.load(register), dt.date(2026, 11, 27), [path]).errors == []


def test_end_year_only_is_recorded_as_a_year(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: ``--tahun-berakhir`` records ``tahun_berakhir`` instead of an unknown term; never a made-up date."""
    path = register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml"
    for value, expected in (("27", "bukan tahun empat angka"), ("3027", "di luar rentang")):
        assert run(register, *FLAGS, "--tahun-berakhir", value) == 2
        assert expected in capsys.readouterr().out
    assert run(register, *FLAGS, "--tahun-berakhir", "2027", "--tanggal-berakhir", "2027-05-21") == 2
    assert "tidak boleh bersama --tanggal-berakhir" in capsys.readouterr().out
    assert not path.exists()
    assert run(register, *FLAGS, "--tahun-berakhir", "2027") == 0
    data = read_text(path.read_bytes(), "x").data
    assert data["tahun_berakhir"] == 2027
    assert "tanggal_berakhir" not in data and "masa_berlaku_tidak_diketahui" not in data
    assert validate(Environment.load(register), dt.date(2026, 11, 27), [path]).errors == []


def test_flags_make_a_valid_commented_file(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *FLAGS) == 0
    path = register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    result = validate(Environment.load(register), dt.date(2026, 11, 27), [path])
    assert result.errors == []
    assert [r.id for r in result.records] == ["2024-kejari-datun-satpol-pp-uji"]
    data = read_text(text.encode(), "x").data
    assert data["para_pihak"][0] == {"nama": "Pemerintah Kota Palangka Raya", "jenis_pihak": "pemerintah_daerah_kabkota",
                                     "pihak_kota": True, "kode_wilayah": "62.71"}
    assert data["para_pihak"][1]["nama"] == "Kejaksaan Negeri Palangka Raya"
    assert data["urusan"] == ["ketenteraman_ketertiban_umum_pelindungan_masyarakat", "penunjang_hukum"]
    assert data["tanggal_tanda_tangan"] == "2024-05-22"
    # signed without an end date: recorded as unknown, never guessed
    assert data["masa_berlaku_tidak_diketahui"] is True and "tanggal_berakhir" not in data
    # every top-level key has an Indonesian comment from the schema right above it
    lines = text.splitlines()
    for key in data:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[at - 1].startswith("# "), key
    assert "# Judul naskah: Judul sebagaimana tertulis pada naskah" in text
    out = capsys.readouterr().out
    assert "dibuat dan sah" in out


def test_refuses_to_overwrite(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    existing = register.agreements / "2024-kejari-datun-satpol-pp.yaml"
    before = existing.read_bytes()
    assert run(register, *with_flag("--id", "2024-kejari-datun-satpol-pp")) == 1
    assert existing.read_bytes() == before
    assert "sudah ada; berkas tidak ditimpa" in capsys.readouterr().out


def test_refuses_an_invalid_file_and_leaves_nothing(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*with_flag("--jenis-naskah", "adendum"), "--naskah-induk", "tidak-ada-di-register"]
    assert run(register, *flags) == 1
    assert not (register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml").exists()
    out = capsys.readouterr().out
    assert "[rujukan-tidak-ada]" in out
    assert "tidak disimpan" in out


def test_unsafe_url_is_refused_by_the_validator(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *with_flag("--sumber-url", "javascript:alert(1)")) == 1
    assert "[skema-pola]" in capsys.readouterr().out
    assert sorted(p.name for p in register.agreements.iterdir()) == sorted(p.name for p in (REPO / "agreements").iterdir())


def test_missing_flags_are_named(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, "--id", "2026-uji") == 2
    out = capsys.readouterr().out
    for flag in ("--judul", "--kategori", "--perangkat-daerah", "--urusan", "--status",
                 "--sumber-url", "--tingkat-kepastian"):
        assert flag in out
    # Issue 18: no document type is needed before signing (an exploration), but once signed it is.
    assert "--jenis-naskah" not in out.split("Jawaban Anda")[0]
    assert run(register, "--id", "2026-uji", "--status", "ditandatangani") == 2
    assert "--jenis-naskah" in capsys.readouterr().out.split("Jawaban Anda")[0]


@pytest.mark.parametrize(("flag", "value", "expected"), [
    ("--urusan", "kesehatann", "--urusan: 'kesehatann' tidak dikenal"),
    ("--tanggal-tanda-tangan", "2024-02-30", "bukan tanggal TTTT-BB-HH"),
    ("--tanggal-tanda-tangan", "0001-01-01", "tahun harus antara 1945 dan 2100"),
    ("--sumber-tanggal", "2101-01-01", "tahun harus antara 1945 dan 2100"),
    ("--judul", "Judul\u2028id: lain", "karakter tersembunyi"),
    ("--jenis-mitra", "pemda", "--jenis-mitra 'pemda' tidak dikenal"),
])
def test_bad_answers_are_usage_errors(register: Project, capsys: pytest.CaptureFixture[str],
                                      flag: str, value: str, expected: str) -> None:
    assert run(register, *with_flag(flag, value)) == 2
    assert expected in capsys.readouterr().out


def test_bad_id_cannot_escape_the_register(register: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(register, *with_flag("--id", "../docs/x")) == 2
    assert "tidak sah" in capsys.readouterr().out
    assert not (register.root / "docs").exists()


def test_regional_partner_gets_its_region_code(register: Project) -> None:
    flags = with_flag("--jenis-mitra", "pemerintah_daerah_kabkota")
    flags[flags.index("--mitra") + 1] = "Pemerintah Kabupaten Katingan"
    flags[flags.index("--kategori") + 1] = "ksdd"
    flags += ["--jenis-ksdd", "sukarela", "--kode-wilayah-mitra", "62.09"]
    flags[flags.index("--jenis-naskah") + 1] = "kesepakatan_bersama"
    flags[flags.index("--penandatangan-kota") + 1] = "wali_kota"
    assert run(register, *flags) == 0
    data = read_text((register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml").read_bytes(), "x").data
    assert data["para_pihak"][1] == {"nama": "Pemerintah Kabupaten Katingan", "jenis_pihak": "pemerintah_daerah_kabkota",
                                     "pihak_kota": False, "kode_wilayah": "62.09"}
    assert data["jenis_ksdd"] == "sukarela"


def test_interactive_prompts_fill_what_flags_did_not(register: Project) -> None:
    env = Environment.load(register)
    urusan = env.codelists["urusan"].values
    answers = iter([
        "2025-uji-interaktif",                       # id
        "Nota Kesepakatan Uji",                      # judul
        "3",                                         # jenis_naskah: nota_kesepakatan (3rd)
        "",                                          # rezim_hukum: empty is refused ("Wajib diisi")
        "ksd",                                       # rezim_hukum
        "sinergi",                                   # kategori
        "",                                          # memperpanjang: optional, none
        "Bank Indonesia Perwakilan Kalimantan Tengah",  # partner name
        "bank_indonesia_tni_polri",                  # its type
        "",                                          # no more partners
        "bagian_pemerintahan",                       # perangkat_daerah
        "Maksud uji", "Objek uji",
        "Butir satu", "",                            # ruang_lingkup
        f"{urusan.index('pariwisata') + 1}, penunjang_perencanaan",  # urusan by number and code
        "penyusunan_naskah",                         # status (not signed: no signing questions)
        "",                                          # sumber_dana: optional, default kept
        "dokumen_resmi_pemko",
        "",                                          # no dated activity (before signing: offered)
        "",                                          # no delegation (before signing: offered)
        "https://kalteng.antaranews.com/", "kalteng.antaranews.com", "2025-01-16", "",
        "",                                          # no more sources
    ])
    said: list[str] = []
    parser = build_parser()
    args = parser.parse_args(["baru"])
    code = interview.command(args, register, dt.date(2026, 11, 27), interactive=True,
                             ask=lambda prompt: next(answers), say=said.append)
    assert code == 0, said
    assert next(answers, None) is None  # every scripted answer was asked for
    assert "  Wajib diisi." in said
    data = read_text((register.agreements / "2025-uji-interaktif.yaml").read_bytes(), "x").data
    assert data["jenis_naskah"] == "nota_kesepakatan"
    assert data["urusan"] == ["pariwisata", "penunjang_perencanaan"]
    assert data["pendanaan"] == {"sumber": ["tidak_diketahui"]}
    assert "penandatangan_kota" not in data


def test_help_documents_every_flag_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["baru", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for question in interview.QUESTIONS:
        assert question.flag in out
    for flag in ("--mitra", "--jenis-mitra", "--kode-wilayah-mitra", "--negara-mitra", "--non-interaktif"):
        assert flag in out
    assert "tampilkan bantuan ini lalu keluar" in out
    assert "Berkas yang sudah ada tidak pernah ditimpa" in out


def test_every_agreement_file_starts_with_the_schema_modeline() -> None:
    files = sorted((REPO / "agreements").glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == MODELINE, path.name
    # the modeline points at the schema file that exists
    assert (REPO / "agreements" / "../schema/kerja-sama.schema.json").resolve().is_file()


_PRINTABLE = st.text(st.characters(codec="utf-8").filter(str.isprintable), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(_PRINTABLE)
def test_any_printable_text_round_trips_through_the_strict_reader(value: str) -> None:
    parsed = read_text(f"kolom: {scalar(value)}\n".encode(), "x.yaml")
    assert parsed.diagnostics == []
    assert parsed.data == {"kolom": value}


@pytest.mark.parametrize("value", ["no", "yes", "null", "~", "010", "62.71", "2024-05-22", "22:22", "*alias",
                                   "&anchor x", "!!python/object x", "0E0", "1e5", "-0", "+1", ".5", "<< : x", "a: b", "# bukan komentar", "- x",
                                   "'", '"', "[a]", "{a: 1}", "@x", "`x`", "%x", "x #y", " spasi ", "true"])
def test_yaml_look_alikes_stay_text(value: str) -> None:
    assert read_text(f"kolom: {scalar(value)}\n".encode(), "x.yaml").data == {"kolom": value}


def test_uncommenting_an_optional_hint_gives_valid_yaml(register: Project) -> None:
    assert run(register, *FLAGS) == 0
    text = (register.agreements / "2024-kejari-datun-satpol-pp-uji.yaml").read_text(encoding="utf-8")
    hint = [line for line in text.splitlines() if line.startswith("#jangka_waktu:") or line.startswith("#  tahun:")]
    assert hint == ["#jangka_waktu:", "#  tahun: 5"]
    edited = text.replace("#jangka_waktu:\n#  tahun: 5\n", "jangka_waktu:\n  tahun: 5\n")
    assert read_text(edited.encode(), "x").data["jangka_waktu"] == {"tahun": 5}


def test_end_of_input_cancels_without_a_file(register: Project) -> None:
    def ask(prompt: str) -> str:
        raise EOFError

    said: list[str] = []
    args = build_parser().parse_args(["baru"])
    assert interview.command(args, register, dt.date(2026, 11, 27), interactive=True, ask=ask, say=said.append) == 2
    assert said[-1].strip() == "Dibatalkan; tidak ada berkas yang dibuat."
    assert sorted(p.name for p in register.agreements.iterdir()) == sorted(p.name for p in (REPO / "agreements").iterdir())


def test_field_order_comes_from_the_schema(env: Environment) -> None:
    """The new file lists its keys in the schema's order, whatever order the answers give them in."""
    order = list(env.schema.document["properties"])
    answers = Answers(id="2026-contoh", judul="Contoh", jenis_naskah="pks", status="ditandatangani",
                      extra={"catatan": "akhir", "nomor_naskah": "1/2026"})
    keys = list(to_data(answers, env.codelists, env.schema))
    assert keys == sorted(keys, key=order.index)
    assert keys.index("nomor_naskah") < keys.index("para_pihak") and keys[-1] == "catatan"
    assert list(in_schema_order({"zz_tak_dikenal": 1, "judul": "x", "id": "y"}, env.schema)) == ["id", "judul", "zz_tak_dikenal"]
