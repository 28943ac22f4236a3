"""The ``kerjasama baru`` command: flags, prompts and the run that ends in a checked file.

:mod:`generator.site.scaffold` turns answers into a valid file; this module gets the answers from
flags (every one documented in Indonesian in ``--help``) and, when a person is at the
terminal, from prompts that show each code list with its labels. It never prints: the
command line hands it ``ask`` and ``say``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator.check.checker import Schema
from generator.check.rules import dprd_required
from generator.check.sop import CENTRAL_STAGE, Sop, central_stage_reached, dprd_stage_reached
from generator.check.validate import Environment
from generator.clock import FIRST_YEAR, LAST_YEAR
from generator.project import Project
from generator.read.codelists import CodeList, CodeLists, preliminary_kinds
from generator.read.record import Record
from generator.site.scaffold import (
    NO,
    REFERENCE_URL,
    SHORT_LIST,
    UNKNOWN,
    WIDTH,
    YES,
    Activity,
    Answers,
    Delegation,
    Outcome,
    Partner,
    ScaffoldError,
    Source,
    is_signed,
    render,
    signing_year_unknown,
    target_path,
    to_data,
    write_checked,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

Ask = Callable[[str], str]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Question:
    """One answer: its flag, the schema path giving its label, its code list and when it is asked."""

    attr: str
    flag: str
    schema_path: tuple[str | int, ...]
    codelist: str | None = None
    many: bool = False
    date: bool = False
    optional: bool = False
    when: Callable[[Answers], bool] = lambda _: True
    needed: Callable[[Answers], bool] = lambda _: False
    """When an optional answer becomes required (a signed record needs its document type)."""
    choices: tuple[str, ...] = ()
    """Allowed words when the answer is not a code of a code list (``ya``/``tidak``)."""
    unknown: bool = False
    """A date that may be answered ``tidak_diketahui`` (the signing date of a signed document, issue 14)."""

    def required(self, answers: Answers) -> bool:
        return not self.optional or self.needed(answers)


def _record(answers: Answers) -> Record:
    """The answers so far as a record, for the path rules (where DPRD approval falls)."""
    data = {"id": answers.id or "baru", "judul": answers.judul, "status": answers.status,
            "kategori": answers.kategori, "jenis_naskah": answers.jenis_naskah}
    return Record.create("agreements/baru.yaml", {k: v for k, v in data.items() if v}, {})


def _dprd_reached(answers: Answers) -> bool:
    return bool(answers.status) and answers.sop is not None and dprd_stage_reached(answers.sop, _record(answers))


def _dprd_needed(answers: Answers) -> bool:
    return _dprd_reached(answers) and dprd_required(_record(answers)) is True


def _central_reached(answers: Answers) -> bool:
    """The path has passed central-government approval (6a; only the foreign path has the stage)."""
    return bool(answers.status) and answers.sop is not None and central_stage_reached(answers.sop, _record(answers))


def _signed_document(answers: Answers) -> bool:
    return is_signed(answers) and answers.jenis_naskah not in preliminary_kinds()


def _before_signing(answers: Answers) -> bool:
    return bool(answers.status) and not is_signed(answers)



QUESTIONS: tuple[Question, ...] = (
    Question("id", "--id", ("id",)),
    Question("judul", "--judul", ("judul",)),
    Question("jenis_naskah", "--jenis-naskah", ("jenis_naskah",), "jenis_naskah", optional=True, needed=is_signed),
    Question("rezim_hukum", "--rezim-hukum", ("rezim_hukum",), "rezim_hukum"),
    Question("kategori", "--kategori", ("kategori",), "kategori", when=lambda a: a.rezim_hukum == "ksd"),
    Question("jenis_ksdd", "--jenis-ksdd", ("jenis_ksdd",), "jenis_ksdd", when=lambda a: a.kategori == "ksdd"),
    Question("bentuk_kerja_sama_wajib", "--bentuk-wajib", ("bentuk_kerja_sama_wajib",), "bentuk_wajib",
             when=lambda a: a.jenis_ksdd == "wajib"),
    Question("naskah_induk", "--naskah-induk", ("naskah_induk",),
             optional=True, when=lambda a: a.jenis_naskah in {"adendum", "perjanjian_kerja_sama"}),
    Question("memperpanjang", "--memperpanjang", ("memperpanjang",), optional=True,
             when=lambda a: a.jenis_naskah is not None and a.jenis_naskah not in preliminary_kinds()),
    Question("perangkat_daerah", "--perangkat-daerah", ("perangkat_daerah",), "perangkat_daerah"),
    Question("maksud_tujuan", "--maksud-tujuan", ("maksud_tujuan",)),
    Question("objek", "--objek", ("objek",)),
    Question("ruang_lingkup", "--ruang-lingkup", ("ruang_lingkup",), many=True),
    Question("urusan", "--urusan", ("urusan",), "urusan", many=True),
    Question("status", "--status", ("status",), "status_naskah"),
    Question("tanggal_tanda_tangan", "--tanggal-tanda-tangan", ("tanggal_tanda_tangan",), date=True,
             when=is_signed, unknown=True),
    Question("penandatangan_kota", "--penandatangan-kota", ("penandatangan_kota",), "penandatangan_kota",
             optional=True, when=is_signed),
    Question("tanggal_berakhir", "--tanggal-berakhir", ("tanggal_berakhir",), date=True, optional=True,
             when=_signed_document),
    Question("dapat_diperpanjang", "--dapat-diperpanjang", ("dapat_diperpanjang",), optional=True,
             when=_signed_document, choices=(YES, NO)),
    Question("pengakhiran_tanggal", "--tanggal-pengakhiran", ("pengakhiran", "tanggal"), date=True,
             when=lambda a: a.status == "diakhiri_lebih_awal"),
    Question("pengakhiran_alasan", "--alasan-pengakhiran", ("pengakhiran", "alasan"), "alasan_pengakhiran",
             when=lambda a: a.status == "diakhiri_lebih_awal"),
    Question("sumber_dana", "--sumber-dana", ("pendanaan", "sumber"), "sumber_dana", many=True, optional=True),
    Question("persetujuan_dprd", "--persetujuan-dprd", ("persetujuan_dprd", "diperlukan"), optional=True,
             when=_dprd_reached, needed=_dprd_needed, choices=(YES, NO)),
    Question("persetujuan_dprd_nomor", "--nomor-persetujuan-dprd", ("persetujuan_dprd", "nomor"), optional=True,
             when=lambda a: a.persetujuan_dprd == YES and is_signed(a)),
    Question("persetujuan_dprd_tanggal", "--tanggal-persetujuan-dprd", ("persetujuan_dprd", "tanggal"), date=True,
             optional=True, when=lambda a: a.persetujuan_dprd == YES and is_signed(a)),
    Question("persetujuan_pusat_instansi", "--instansi-persetujuan-pusat", ("persetujuan_pusat", "instansi"),
             optional=True, when=_central_reached),
    Question("persetujuan_pusat_nomor", "--nomor-persetujuan-pusat", ("persetujuan_pusat", "nomor"), optional=True,
             when=_central_reached),
    Question("persetujuan_pusat_tanggal", "--tanggal-persetujuan-pusat", ("persetujuan_pusat", "tanggal"), date=True,
             optional=True, when=_central_reached),
    Question("tingkat_kepastian", "--tingkat-kepastian", ("tingkat_kepastian",), "tingkat_kepastian"),
    Question("catatan", "--catatan", ("catatan",), when=signing_year_unknown),
)
# Repeated flags that build lists of records; each list's flags are given once per item, in order
# (issue 18: a repeated --sumber-url kept only the last URL). The first flag of each group counts.
SOURCE_FLAGS = ("--sumber-url", "--sumber-penerbit", "--sumber-tanggal", "--sumber-judul", "--sumber-diakses")
ACTIVITY_FLAGS = ("--kegiatan-jenis", "--kegiatan-tanggal", "--kegiatan-uraian")
DELEGATION_FLAGS = ("--delegasi-pihak", "--delegasi-pimpinan", "--delegasi-pimpinan-nama", "--delegasi-anggota")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """The ``baru`` subcommand; every flag documented in Indonesian."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "baru", help="buat berkas naskah baru yang sudah sah", add_help=False,
        description="Buat agreements/<id>.yaml dari jawaban pertanyaan (bila dijalankan di terminal) atau dari "
                    "opsi. Berkas langsung diperiksa; berkas yang tidak sah tidak disimpan. Berkas yang sudah ada "
                    "tidak pernah ditimpa. Nilai kode: lihat halaman Panduan > Referensi skema.",
        epilog="Contoh: kerjasama baru --non-interaktif --id 2026-nama-mitra-pokok --judul \"...\" "
               "--jenis-naskah kesepakatan_bersama --kategori ksdd --jenis-ksdd sukarela "
               "--mitra \"Pemerintah Kabupaten ...\" --jenis-mitra pemerintah_daerah_kabkota "
               "--kode-wilayah-mitra 62.xx --perangkat-daerah ... (lihat Panduan > Menambah kerja sama)")
    parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    text = parser.add_argument_group("identitas dan isi")
    text.add_argument("--id", help="ID register = nama berkas tanpa .yaml, misalnya 2024-kejari-datun-satpol-pp")
    text.add_argument("--judul", help="judul sebagaimana tertulis pada naskah")
    text.add_argument("--jenis-naskah", metavar="KODE",
                      help="kesepakatan_bersama, perjanjian_kerja_sama, letter_of_intent, ...; kosongkan bila belum ada "
                           "naskah (penjajakan), wajib setelah ditandatangani")
    text.add_argument("--rezim-hukum", metavar="KODE", help="bawaan: ksd (kerja sama daerah menurut PP 28/2018)")
    text.add_argument("--kategori", metavar="KODE", help="ksdd, ksdpk, ksdpl, ksdll atau sinergi (wajib bila ksd)")
    text.add_argument("--jenis-ksdd", metavar="KODE", help="wajib atau sukarela (wajib bila kategori ksdd)")
    text.add_argument("--bentuk-wajib", metavar="KODE", help="bentuk kerja sama wajib (bila jenis-ksdd wajib)")
    text.add_argument("--naskah-induk", metavar="ID", help="ID KB dasar sebuah PKS, atau naskah yang diubah adendum")
    text.add_argument("--memperpanjang", metavar="ID",
                      help="ID naskah lama yang diperpanjang naskah ini; naskah lama dihitung berakhir sehari sebelum "
                           "naskah ini mulai berlaku")
    text.add_argument("--perangkat-daerah", metavar="KODE", help="perangkat daerah pemrakarsa, misalnya satpol_pp")
    text.add_argument("--maksud-tujuan", metavar="TEKS", help="maksud dan tujuan kerja sama")
    text.add_argument("--objek", metavar="TEKS", help="objek kerja sama")
    text.add_argument("--ruang-lingkup", metavar="TEKS", action="append",
                      help="satu butir ruang lingkup (boleh diulang)")
    text.add_argument("--urusan", metavar="KODE", action="append", help="urusan pemerintahan (boleh diulang)")
    text.add_argument("--sumber-dana", metavar="KODE", action="append",
                      help="sumber pendanaan (boleh diulang; bawaan: tidak_diketahui)")
    parties = parser.add_argument_group("mitra (pihak kota ditulis otomatis)")
    parties.add_argument("--mitra", metavar="NAMA", action="append", help="nama resmi mitra (boleh diulang)")
    parties.add_argument("--jenis-mitra", metavar="KODE", action="append",
                         help="jenis pihak tiap mitra, urut sesuai --mitra (satu nilai berlaku untuk semua)")
    parties.add_argument("--kode-wilayah-mitra", metavar="KODE", action="append",
                         help="kode wilayah Kemendagri tiap mitra pemerintah daerah, urut, misalnya 62.09")
    parties.add_argument("--negara-mitra", metavar="KODE", action="append",
                         help="kode negara ISO (dua huruf besar) tiap mitra luar negeri, urut")
    time = parser.add_argument_group("status dan tanggal (TTTT-BB-HH)")
    time.add_argument("--status", metavar="KODE", help="status tercatat, misalnya penyusunan_naskah atau ditandatangani")
    time.add_argument("--tanggal-tanda-tangan", metavar="TANGGAL",
                      help=f"wajib bila status sudah ditandatangani; tulis {UNKNOWN} bila tahunnya pun tidak "
                           "diketahui (lalu jelaskan dasarnya dengan --catatan)")
    time.add_argument("--penandatangan-kota", metavar="KODE",
                      help="jabatan penanda tangan pihak kota (bawaan setelah ditandatangani: tidak_diketahui)")
    time.add_argument("--tanggal-berakhir", metavar="TANGGAL",
                      help="hari terakhir berlaku; bila kosong (dan tanpa --tahun-berakhir) dicatat "
                           "masa_berlaku_tidak_diketahui: true")
    time.add_argument("--tahun-berakhir", metavar="TAHUN",
                      help="tahun berakhir bila sumber hanya menyebut tahunnya, misalnya 2027; jangan bersama "
                           "--tanggal-berakhir")
    time.add_argument("--dapat-diperpanjang", metavar="ya|tidak",
                      help="naskah menyatakan dapat diperpanjang (ya) atau tidak (tidak); kosong = tidak diketahui")
    time.add_argument("--persetujuan-dprd", metavar="ya|tidak",
                      help="persetujuan DPRD diperlukan? ditanyakan sejak jalur SOP kategori ini sampai di tahap "
                           "persetujuan DPRD (tidak untuk LoI atau penjajakan)")
    time.add_argument("--nomor-persetujuan-dprd", metavar="TEKS", help="nomor persetujuan DPRD, bila sudah ada")
    time.add_argument("--tanggal-persetujuan-dprd", metavar="TANGGAL", help="tanggal persetujuan DPRD, bila sudah ada")
    time.add_argument("--instansi-persetujuan-pusat", metavar="TEKS",
                      help="instansi pusat yang menyetujui (Kemendagri/Kemenlu); hanya kategori ksdpl atau ksdll, "
                           "ditanyakan sejak jalur SOP luar negeri melewati tahap 6a (MoU disusun atau ditandatangani)")
    time.add_argument("--nomor-persetujuan-pusat", metavar="TEKS",
                      help="nomor surat persetujuan pemerintah pusat, bila sudah ada")
    time.add_argument("--tanggal-persetujuan-pusat", metavar="TANGGAL",
                      help="tanggal persetujuan pemerintah pusat, bila sudah ada")
    time.add_argument("--tanggal-pengakhiran", metavar="TANGGAL", help="bila status diakhiri_lebih_awal")
    time.add_argument("--alasan-pengakhiran", metavar="KODE", help="bila status diakhiri_lebih_awal")
    time.add_argument("--catatan", metavar="TEKS",
                      help="catatan petugas: dasar data yang disimpulkan atau belum diketahui; wajib bila "
                           f"--tanggal-tanda-tangan {UNKNOWN}")
    source = parser.add_argument_group("sumber data")
    source.add_argument("--sumber-url", metavar="URL", action="append",
                        help="alamat https:// sumber (naskah, laman resmi, berita); boleh diulang, satu per sumber")
    source.add_argument("--sumber-penerbit", metavar="TEKS", action="append",
                        help="penerbit tiap sumber, urut sesuai --sumber-url, misalnya palangkaraya.go.id")
    source.add_argument("--sumber-tanggal", metavar="TANGGAL", action="append",
                        help=f"tanggal terbit tiap sumber, urut; tulis {UNKNOWN} bila tidak diketahui (lalu beri "
                             "--sumber-diakses)")
    source.add_argument("--sumber-judul", metavar="TEKS", action="append",
                        help="judul tiap sumber (pilihan; bila dipakai, satu untuk tiap --sumber-url)")
    source.add_argument("--sumber-diakses", metavar="TANGGAL", action="append",
                        help="tanggal tiap sumber dibuka (pilihan; bila dipakai, satu untuk tiap --sumber-url)")
    source.add_argument("--tingkat-kepastian", metavar="KODE", help="naskah_asli, dokumen_resmi_pemko atau media")
    _add_story_flags(parser)
    parser.add_argument("--non-interaktif", action="store_true",
                        help="jangan bertanya; opsi yang wajib tetapi kosong membuat perintah gagal (keluar 2)")
    parser.add_argument("--as-of", metavar="TTTT-BB-HH", help="tanggal acuan pemeriksaan (bawaan: hari ini WIB)")
    return parser


def _add_story_flags(parser: argparse.ArgumentParser) -> None:
    """Flags of an exploration's dated activities and delegations (issue 18), each repeatable."""
    story = parser.add_argument_group("penjajakan: kegiatan bertanggal dan delegasi")
    story.add_argument("--kegiatan-jenis", metavar="KODE", action="append",
                       help="jenis tiap kegiatan (kunjungan, rapat, studi_kelayakan, ...); boleh diulang")
    story.add_argument("--kegiatan-tanggal", metavar="TANGGAL", action="append",
                       help=f"tanggal tiap kegiatan, urut sesuai --kegiatan-jenis ({UNKNOWN} bila tidak diketahui)")
    story.add_argument("--kegiatan-uraian", metavar="TEKS", action="append",
                       help="uraian tiap kegiatan menurut sumber, urut sesuai --kegiatan-jenis")
    story.add_argument("--delegasi-pihak", metavar="NAMA", action="append",
                       help="pihak yang diwakili tiap delegasi (nama seperti di para pihak); boleh diulang")
    story.add_argument("--delegasi-pimpinan", metavar="JABATAN", action="append",
                       help="jabatan pimpinan tiap delegasi, urut sesuai --delegasi-pihak")
    story.add_argument("--delegasi-pimpinan-nama", metavar="NAMA", action="append",
                       help="nama pimpinan tiap delegasi (pilihan; pejabat publik; satu untuk tiap --delegasi-pihak)")
    story.add_argument("--delegasi-anggota", metavar="TEKS", action="append",
                       help="unsur anggota delegasi (jabatan atau unit, bukan nama pribadi), pisahkan dengan ';', "
                            "satu untuk tiap --delegasi-pihak (pilihan)")


def from_flags(args: argparse.Namespace, codelists: CodeLists) -> Answers:
    """Answers given as flags; partners get region codes and countries in the order given."""
    values: dict[str, Any] = {}
    for q in QUESTIONS:
        value = getattr(args, q.flag[2:].replace("-", "_"), None)
        if value is not None:
            values[q.attr] = tuple(value) if q.many else value
    names: list[str] = args.mitra or []
    kinds: list[str] = args.jenis_mitra or []
    if kinds and len(kinds) not in {1, len(names)}:
        raise ScaffoldError("--jenis-mitra harus diberikan sekali (untuk semua mitra) atau sekali untuk tiap --mitra.")
    regions = list(args.kode_wilayah_mitra or [])
    countries = list(args.negara_mitra or [])
    partners = []
    for index, name in enumerate(names):
        partner = Partner(name, kinds[0] if len(kinds) == 1 else kinds[index] if kinds else "")
        if regions and _needs(partner, "pemerintah_daerah", codelists):
            partner = replace(partner, kode_wilayah=regions.pop(0))
        if countries and _needs(partner, "luar_negeri", codelists):
            partner = replace(partner, negara=countries.pop(0))
        partners.append(partner)
    if regions or countries:
        raise ScaffoldError("Ada --kode-wilayah-mitra atau --negara-mitra lebih banyak daripada mitra yang memerlukannya.")
    if getattr(args, "tahun_berakhir", None) is not None:  # flag only: the interview asks for the date
        values["tahun_berakhir"] = args.tahun_berakhir
    return replace(Answers(), **values, mitra=tuple(partners), sumber=_sources(args), kegiatan=_activities(args),
                   delegasi=_delegations(args))


def _items(args: argparse.Namespace, flags: tuple[str, ...], optional: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    """Items of a repeated-flag group: every flag once per item, an optional one never or once per item."""
    columns = [list(getattr(args, flag[2:].replace("-", "_"), None) or []) for flag in flags]
    count = len(columns[0])
    for flag, column in zip(flags, columns, strict=True):
        if len(column) == count or (flag in optional and not column):
            continue
        need = "tidak dipakai atau " if flag in optional else ""
        raise ScaffoldError(f"{flag} diberikan {len(column)} kali, tetapi {flags[0]} {count} kali; {flag} harus "
                            f"{need}diberikan sekali untuk tiap {flags[0]}, dalam urutan yang sama.")
    return [tuple(column[i] if column else None for column in columns) for i in range(count)]


def _known(value: str | None) -> str | None:
    return None if value in {None, "", UNKNOWN} else value


def _sources(args: argparse.Namespace) -> tuple[Source, ...]:
    out = []
    for url, publisher, date, title, accessed in _items(args, SOURCE_FLAGS, ("--sumber-judul", "--sumber-diakses")):
        if date is None and accessed is None:
            raise ScaffoldError(f"Sumber {url}: beri --sumber-tanggal (tanggal terbit, atau {UNKNOWN}) untuk tiap sumber.")
        if _known(date) is None and _known(accessed) is None:
            raise ScaffoldError(f"Sumber {url}: tanggal terbit tidak diketahui; beri --sumber-diakses (tanggal sumber "
                                "dibuka) untuk sumber ini.")
        out.append(Source(str(url), str(publisher), _known(date), title or None, _known(accessed)))
    return tuple(out)


def _activities(args: argparse.Namespace) -> tuple[Activity, ...]:
    return tuple(Activity(str(kind), str(text), _known(date))
                 for kind, date, text in _items(args, ACTIVITY_FLAGS, ()))


def _delegations(args: argparse.Namespace) -> tuple[Delegation, ...]:
    optional = ("--delegasi-pimpinan-nama", "--delegasi-anggota")
    return tuple(Delegation(str(party), str(leader), name or None,
                            tuple(m.strip() for m in (members or "").split(";") if m.strip()))
                 for party, leader, name, members in _items(args, DELEGATION_FLAGS, optional))


def _needs(partner: Partner, attribute: str, codelists: CodeLists) -> bool:
    """Whether the partner's party type carries the code-list attribute (pemerintah_daerah, luar_negeri)."""
    kind = codelists["jenis_pihak"].find(partner.jenis_pihak)
    return bool(kind and kind.get(attribute))


def missing(answers: Answers) -> list[Question]:
    """Questions that still need an answer (conditional ones only when their condition holds)."""
    return [q for q in QUESTIONS if q.when(answers) and q.required(answers) and not getattr(answers, q.attr)]


def missing_flags(answers: Answers) -> list[str]:
    """The flags of what is still missing, the repeated groups included."""
    out = [q.flag for q in missing(answers)]
    if not answers.mitra:
        out.append("--mitra")
    if not answers.sumber:
        out.append("--sumber-url")
    return out


def check_answers(answers: Answers, codelists: CodeLists) -> list[str]:
    """Problems a person can fix in the answers themselves (codes, dates, hidden characters)."""
    problems: list[str] = []
    for q in QUESTIONS:
        value = getattr(answers, q.attr)
        for item in (value if isinstance(value, tuple) else (value,)):
            if not item:
                continue
            problems.extend(_check_value(q, str(item), codelists))
    problems.extend(_check_groups(answers, codelists))
    problems.extend(_check_end_year(answers))
    problems.extend(_check_central(answers))
    for partner in answers.mitra:
        if not partner.nama.isprintable():
            problems.append(f"Nama mitra {partner.nama!r} memuat karakter tersembunyi atau pindah baris.")
        if partner.jenis_pihak not in codelists["jenis_pihak"]:
            problems.append(f"--jenis-mitra '{partner.jenis_pihak}' tidak dikenal untuk {partner.nama!r}. "
                            f"Pilihan: {', '.join(codelists['jenis_pihak'].values)}.")
    if not answers.mitra:
        problems.append("Paling sedikit satu mitra (--mitra dan --jenis-mitra) diperlukan.")
    return problems


def _check_end_year(answers: Answers) -> Iterator[str]:
    """``--tahun-berakhir``: a year in range, for a signed document, never beside an end date."""
    value = answers.tahun_berakhir
    if value is None:
        return
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        yield f"--tahun-berakhir: '{value}' bukan tahun empat angka, misalnya 2027."
    elif not FIRST_YEAR <= int(value) <= LAST_YEAR:
        yield f"--tahun-berakhir: '{value}' di luar rentang; tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}."
    if answers.tanggal_berakhir:
        yield ("--tahun-berakhir tidak boleh bersama --tanggal-berakhir: tanggal berakhir sudah memuat tahunnya. "
               "Hapus salah satu.")
    if not _signed_document(answers):
        yield ("--tahun-berakhir hanya untuk naskah yang sudah ditandatangani (bukan LoI); periksa --status dan "
               "--jenis-naskah, atau hapus --tahun-berakhir.")


CENTRAL_QUESTIONS = tuple(q for q in QUESTIONS if q.schema_path[0] == CENTRAL_STAGE)


def _check_central(answers: Answers) -> Iterator[str]:
    """Central-government approval belongs to the paths that have its stage (KSDPL/KSDLL)."""
    given = [q.flag for q in CENTRAL_QUESTIONS if getattr(answers, q.attr)]
    if not given or answers.sop is None:
        return
    sop = answers.sop
    if any(stage.code == CENTRAL_STAGE for stage in sop.stages_on(sop.path_for(_record(answers)))):
        return
    categories = sorted({c for path in sop.paths if any(s.code == CENTRAL_STAGE for s in sop.stages_on(path))
                         for c in path.categories})
    yield (f"{given[0]}: persetujuan pemerintah pusat hanya ada pada jalur SOP kategori {' atau '.join(categories)}, "
           f"bukan kategori {answers.kategori or 'kosong'}. Hapus opsi {', '.join(given)}, atau perbaiki --kategori.")


def codes_url(name: str) -> str:
    """Where the full list of a code list is, on the site (the schema reference page)."""
    return f"{REFERENCE_URL}#kode-{name}"


def suggest(codes: CodeList, value: str) -> list[str]:
    return codes.suggest(value)


def _check_groups(answers: Answers, codelists: CodeLists) -> Iterator[str]:
    """Problems in the repeated groups: sources, dated activities, delegations."""
    problems: list[str] = []
    for source in answers.sumber:
        for flag, value, date in (("--sumber-url", source.url, False), ("--sumber-penerbit", source.penerbit, False),
                                  ("--sumber-judul", source.judul, False), ("--sumber-tanggal", source.tanggal, True),
                                  ("--sumber-diakses", source.diakses, True)):
            if value:
                problems.extend(_check_value(Question(flag, flag, (), date=date), value, codelists))
    for activity in answers.kegiatan:
        problems.extend(_check_value(Question("jenis", "--kegiatan-jenis", (), "jenis_kegiatan"), activity.jenis,
                                     codelists))
        problems.extend(_check_value(Question("uraian", "--kegiatan-uraian", ()), activity.uraian, codelists))
        if activity.tanggal:
            problems.extend(_check_value(Question("tanggal", "--kegiatan-tanggal", (), date=True), activity.tanggal,
                                         codelists))
    for delegation in answers.delegasi:
        for flag, value in (("--delegasi-pihak", delegation.pihak), ("--delegasi-pimpinan", delegation.pimpinan_jabatan),
                            ("--delegasi-pimpinan-nama", delegation.pimpinan_nama or "x"),
                            *(("--delegasi-anggota", m) for m in delegation.anggota)):
            problems.extend(_check_value(Question(flag, flag, ()), value, codelists))
    yield from problems


def _check_value(q: Question, value: str, codelists: CodeLists) -> Iterator[str]:
    if not value.isprintable():
        yield f"{q.flag}: nilai memuat karakter tersembunyi atau pindah baris; ketik ulang teksnya."
    if q.codelist and value not in codelists[q.codelist]:
        codes = codelists[q.codelist]
        choices = codes.values
        shown = ", ".join(choices) if len(choices) <= SHORT_LIST else f"daftar lengkap di {codes_url(q.codelist)}"
        close = suggest(codes, value)
        maybe = f" Mungkin maksud Anda: {', '.join(close)}?" if close else ""
        yield f"{q.flag}: '{value}' tidak dikenal.{maybe} Pilihan: {shown}."
    if q.choices and value not in q.choices:
        yield f"{q.flag}: '{value}' tidak dikenal. Pilihan: {', '.join(q.choices)}."
    if q.date and q.unknown and value == UNKNOWN:
        return
    if q.date:
        try:
            valid = len(value) == 10 and value.isascii() and dt.date.fromisoformat(value) is not None
        except ValueError:
            valid = False
        if not valid:
            yield f"{q.flag}: '{value}' bukan tanggal TTTT-BB-HH, misalnya 2024-05-22."
        elif not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
            yield f"{q.flag}: '{value}' di luar rentang; tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}."


class Interview:
    """Asks for what flags did not give, one question at a time, re-asking until the answer fits."""

    def __init__(self, schema: Schema, codelists: CodeLists, ask: Ask, say: Say) -> None:
        self.schema, self.codelists, self.ask, self.say = schema, codelists, ask, say

    def label(self, q: Question) -> str:
        """The schema's title; a nested field whose title does not name its group gets the group's
        title in front ("Persetujuan pemerintah pusat: instansi", not a bare "Instansi")."""
        node = self.schema.node_at(q.schema_path) or {}
        title = str(node.get("title") or q.attr)
        if len(q.schema_path) > 1:
            group = str((self.schema.node_at(q.schema_path[:-1]) or {}).get("title") or "")
            if group and not set(group.lower().split()) & set(title.lower().split()):
                return f"{group}: {title[:1].lower()}{title[1:]}"
        return title

    def run(self, answers: Answers) -> Answers:
        for q in QUESTIONS:
            if getattr(answers, q.attr) or not q.when(answers):
                continue
            if q.attr == "perangkat_daerah" and not answers.mitra:  # partners come after the classification
                answers = replace(answers, mitra=self.partners())
            value = self.question(q)
            if value is not None:
                change: dict[str, Any] = {q.attr: value}
                answers = replace(answers, **change)
        if not answers.mitra:
            answers = replace(answers, mitra=self.partners())
        for q in QUESTIONS:  # answers that became required later (a signed record needs its document type)
            if q.when(answers) and q.required(answers) and not getattr(answers, q.attr):
                value = self.question(q, required=True)
                if value is not None:
                    later: dict[str, Any] = {q.attr: value}
                    answers = replace(answers, **later)
        if _before_signing(answers) and not answers.kegiatan:
            answers = replace(answers, kegiatan=self.activities())
        if _before_signing(answers) and not answers.delegasi:
            answers = replace(answers, delegasi=self.delegations())
        if not answers.sumber:
            answers = replace(answers, sumber=self.sources())
        return answers

    def activities(self) -> tuple[Activity, ...]:
        """Dated activities of an exploration (visits, meetings); none is a valid answer."""
        out: list[Activity] = []
        self.say("")
        self.say("Kegiatan bertanggal (kunjungan, rapat, studi kelayakan), boleh dikosongkan.")
        while True:
            text = self.ask(f"Uraian kegiatan {len(out) + 1} (kosong = selesai): ").strip()
            if not text:
                return tuple(out)
            kind = None
            while kind is None:
                kind = self.choose(self.codelists["jenis_kegiatan"], "Jenis kegiatan", many=False)
            date = self.date("Tanggal kegiatan (TTTT-BB-HH, kosong = tidak diketahui): ", "--kegiatan-tanggal")
            out.append(Activity(str(kind), text, date))

    def delegations(self) -> tuple[Delegation, ...]:
        out: list[Delegation] = []
        self.say("")
        self.say("Delegasi: pihak yang datang dan pimpinannya (jabatan), boleh dikosongkan.")
        while True:
            party = self.ask(f"Pihak delegasi {len(out) + 1} (kosong = selesai): ").strip()
            if not party:
                return tuple(out)
            leader = ""
            while not leader:
                leader = self.ask("Jabatan pimpinan delegasi: ").strip()
            name = self.ask("Nama pimpinan (pejabat publik; kosong bila tidak disebut): ").strip() or None
            members = self.ask("Unsur anggota, pisahkan dengan ';' (kosong bila tidak disebut): ").strip()
            out.append(Delegation(party, leader, name, tuple(m.strip() for m in members.split(";") if m.strip())))

    def sources(self) -> tuple[Source, ...]:
        """Every source, each with its own publisher and date (an unknown date asks for the access date)."""
        out: list[Source] = []
        self.say("")
        self.say("Sumber: dari mana data ini berasal (paling sedikit satu).")
        while True:
            url = self.ask(f"URL sumber {len(out) + 1} ({'kosong = selesai' if out else 'wajib'}): ").strip()
            if not url:
                if out:
                    return tuple(out)
                self.say("  Paling sedikit satu sumber.")
                continue
            publisher = ""
            while not publisher:
                publisher = self.ask("Penerbit sumber: ").strip()
            date = self.date("Tanggal terbit (TTTT-BB-HH, kosong = tidak diketahui): ", "--sumber-tanggal")
            accessed = None
            while date is None and accessed is None:
                accessed = self.date("Tanggal sumber dibuka (TTTT-BB-HH): ", "--sumber-diakses")
            title = self.ask("Judul sumber (boleh dikosongkan): ").strip() or None
            out.append(Source(url, publisher, date, title, accessed))

    def date(self, prompt: str, flag: str) -> str | None:
        while True:
            value = self.ask(prompt).strip()
            if not value or value == UNKNOWN:
                return None
            problems = list(_check_value(Question(flag, flag, (), date=True), value, self.codelists))
            if not problems:
                return value
            for problem in problems:
                self.say("  " + problem.split(": ", 1)[-1])

    def choose(self, codes: CodeList, prompt: str, many: bool) -> str | tuple[str, ...] | None:
        for number, code in enumerate(codes, 1):
            self.say(f"  {number:>2}. {code.code}: {code.label}")
        while True:
            raw = self.ask(f"{prompt} (nomor atau kode{', pisahkan dengan koma' if many else ''}): ").strip()
            if not raw:
                return None
            picked = [self._pick(codes, part.strip()) for part in raw.split(",")] if many else [self._pick(codes, raw)]
            if all(picked):
                return tuple(p for p in picked if p) if many else picked[0]
            unknown = [part.strip() for part, p in zip(raw.split(",") if many else [raw], picked, strict=True) if not p]
            close = [c for part in unknown for c in codes.suggest(part)]
            maybe = f" Mungkin maksud Anda: {', '.join(dict.fromkeys(close))}?" if close else ""
            self.say(f"  Pilihan tidak dikenal; ketik nomor atau kode dari daftar.{maybe}")

    @staticmethod
    def _pick(codes: CodeList, raw: str) -> str | None:
        if raw.isdigit() and 1 <= int(raw) <= len(codes.codes):
            return codes.codes[int(raw) - 1].code
        return raw if raw in codes else None

    def question(self, q: Question, *, required: bool = False) -> str | tuple[str, ...] | None:
        node = self.schema.node_at(q.schema_path) or {}
        optional = q.optional and not required
        self.say("")
        self.say(f"{self.label(q)}{' (boleh dikosongkan)' if optional else ''}")
        if node.get("description"):
            self.say(textwrap.fill(str(node["description"]), WIDTH, initial_indent="  ", subsequent_indent="  "))
        while True:
            if q.codelist:
                value = self.choose(self.codelists[q.codelist], self.label(q), q.many)
            elif q.choices:
                value = self.ask(f"{self.label(q)} ({'/'.join(q.choices)}): ").strip() or None
            elif q.many:
                items: list[str] = []
                while item := self.ask(f"{self.label(q)} butir {len(items) + 1} (kosong = selesai): ").strip():
                    items.append(item)
                value = tuple(items) or None
            else:
                value = self.ask(f"{self.label(q)}{' (TTTT-BB-HH)' if q.date else ''}: ").strip() or None
            if value is None:
                if optional:
                    return None
                self.say("  Wajib diisi.")
                continue
            problems = [p for item in (value if isinstance(value, tuple) else (value,))
                        for p in _check_value(q, item, self.codelists)]
            if not problems:
                return value
            for problem in problems:
                self.say("  " + problem.split(": ", 1)[-1])

    def partners(self) -> tuple[Partner, ...]:
        out: list[Partner] = []
        self.say("")
        self.say("Mitra: pihak selain Pemerintah Kota Palangka Raya (pihak kota ditulis otomatis).")
        while True:
            name = self.ask(f"Nama mitra {len(out) + 1} (kosong = selesai): ").strip()
            if not name:
                if out:
                    return tuple(out)
                self.say("  Paling sedikit satu mitra.")
                continue
            if not name.isprintable():
                self.say("  Nama memuat karakter tersembunyi; ketik ulang.")
                continue
            kind = None
            while kind is None:
                kind = self.choose(self.codelists["jenis_pihak"], "Jenis pihak", many=False)
            partner = Partner(name, str(kind))
            if _needs(partner, "pemerintah_daerah", self.codelists):
                region = None
                while region is None:
                    region = self.choose(self.codelists["wilayah"], "Kode wilayah", many=False)
                partner = replace(partner, kode_wilayah=str(region))
            if _needs(partner, "luar_negeri", self.codelists):
                partner = replace(partner, negara=self.ask("Kode negara ISO, dua huruf besar (misalnya KR): ").strip())
            out.append(partner)


def command(args: argparse.Namespace, project: Project, as_of: dt.date, *,  # noqa: PLR0911, PLR0913 - one exit code per refusal; the prompts and clock are parameters for tests
            interactive: bool, ask: Ask, say: Say) -> int:
    """Run ``kerjasama baru``; returns the exit code (0 written, 1 refused, 2 usage)."""
    env = Environment.load(project)
    answers = Answers()
    try:
        answers = replace(from_flags(args, env.codelists), sop=Sop.from_codelists(env.codelists))
        if interactive and not args.non_interaktif:
            answers = Interview(env.schema, env.codelists, ask, say).run(answers)
        absent = missing_flags(answers)
        if absent:
            say("Opsi wajib belum diisi: " + ", ".join(absent) + ". Lihat: kerjasama baru --help")
            keep(answers, say)
            return EXIT_USAGE
        problems = check_answers(answers, env.codelists)
        if problems:
            for problem in problems:
                say(problem)
            keep(answers, say)
            return EXIT_USAGE
        path = target_path(project, answers.id)
        if path.exists() or path.is_symlink():
            say(f"{project.relative(path)} sudah ada; berkas tidak ditimpa. Pilih id lain, atau ubah berkas itu langsung.")
            return EXIT_INVALID
        text = render(to_data(answers, env.codelists, env.schema), env.schema, env.codelists)
        outcome = write_checked(env, as_of, answers.id, text)
    except ScaffoldError as exc:
        say(f"kerjasama baru: {exc}")
        keep(answers, say)
        return EXIT_USAGE
    except (EOFError, KeyboardInterrupt):
        say("\nDibatalkan; tidak ada berkas yang dibuat.")
        keep(answers, say)
        return EXIT_USAGE
    except FileExistsError:
        say(f"agreements/{answers.id}.yaml sudah ada; berkas tidak ditimpa.")
        return EXIT_INVALID
    code = report(outcome, project, say)
    if code != EXIT_OK:
        keep(answers, say)
    return code


def keep(answers: Answers, say: Say) -> None:
    """Nothing typed is lost (issue 18): a refusal prints every answer as one command to run again."""
    flags = to_flags(answers)
    if flags:
        say("Jawaban Anda tersimpan dalam perintah ini; perbaiki yang ditunjuk lalu jalankan lagi:")
        say("  " + shlex.join(["kerjasama", "baru", *flags]))


def to_flags(answers: Answers) -> list[str]:
    """The flags that give exactly these answers (the inverse of :func:`from_flags`)."""
    out: list[str] = []
    for q in QUESTIONS:
        value = getattr(answers, q.attr)
        if not value or (q.attr == "rezim_hukum" and value == "ksd") or (
                q.attr == "sumber_dana" and value == ("tidak_diketahui",)):
            continue
        for item in (value if isinstance(value, tuple) else (value,)):
            out += [q.flag, str(item)]
    out += ["--tahun-berakhir", answers.tahun_berakhir] if answers.tahun_berakhir else []
    for partner in answers.mitra:
        out += ["--mitra", partner.nama, "--jenis-mitra", partner.jenis_pihak]
        out += ["--kode-wilayah-mitra", partner.kode_wilayah] if partner.kode_wilayah else []
        out += ["--negara-mitra", partner.negara] if partner.negara else []
    # An optional flag of a group is given for every item or for none (see _items).
    accessed, titled = any(s.diakses for s in answers.sumber), any(s.judul for s in answers.sumber)
    for source in answers.sumber:
        out += ["--sumber-url", source.url, "--sumber-penerbit", source.penerbit,
                "--sumber-tanggal", source.tanggal or UNKNOWN]
        out += ["--sumber-diakses", source.diakses or ""] if accessed else []
        out += ["--sumber-judul", source.judul or ""] if titled else []
    named = any(d.pimpinan_nama for d in answers.delegasi)
    members = any(d.anggota for d in answers.delegasi)
    for activity in answers.kegiatan:
        out += ["--kegiatan-jenis", activity.jenis, "--kegiatan-tanggal", activity.tanggal or UNKNOWN,
                "--kegiatan-uraian", activity.uraian]
    for delegation in answers.delegasi:
        out += ["--delegasi-pihak", delegation.pihak, "--delegasi-pimpinan", delegation.pimpinan_jabatan]
        out += ["--delegasi-pimpinan-nama", delegation.pimpinan_nama or ""] if named else []
        out += ["--delegasi-anggota", "; ".join(delegation.anggota)] if members else []
    return out


def report(outcome: Outcome, project: Project, say: Say) -> int:
    for d in outcome.result.diagnostics:
        say(f"{d.file}:{d.line}:{d.column}: {d.severity.value} [{d.code}] {d.message}")
        if d.hint:
            say(f"    petunjuk: {d.hint}")
    name = project.relative(outcome.path)
    if not outcome.written:
        say(f"{name} tidak disimpan karena belum sah. Perbaiki jawaban di atas lalu jalankan lagi.")
        return EXIT_INVALID
    say(f"{name} dibuat dan sah. Lengkapi isinya, jalankan `kerjasama validate`, lalu ajukan pull request.")
    return EXIT_OK

