"""Rules JSON Schema cannot say: across fields with dates, across records, and about content.

Input: schema-valid records, the code lists and the as-of date. Output: diagnostics. Each
rule is a small function; :func:`check_register` runs them all over the whole register, so
a rule that looks across records always sees every record.
"""

from __future__ import annotations

import datetime as dt
import difflib
import ipaddress
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta

from generator.check import provenance_rules
from generator.check.partners import Clash, resolve
from generator.check.privacy import EXEMPTIONS_FILE, NO_EXEMPTIONS, Exemption, Exemptions, findings
from generator.check.sop import Sop, dprd_stage_reached
from generator.derive.status import compute
from generator.diagnostics import CATALOGUE, Diagnostic, json_path, make
from generator.read.codelists import CodeLists, is_preliminary, is_signed, signed_states
from generator.read.record import Record, parse_date
from generator.read.yamlstrict import InstancePath

MAX_TERM = relativedelta(years=5)
LINK_FIELDS = ("naskah_induk", "memperpanjang", "menggantikan")
RENAME_FIELD = "menggantikan"  # may name an id no longer in the register (a renamed record; issue 15)
# Codes whose outcome for one file depends on other files; every other code is per file.
CROSS_RECORD_CODES = frozenset({"id-ganda", "rujukan-tidak-ada", "rujukan-melingkar", "pks-tanpa-kb",
                                "mitra-bentrok", "id-mitra-bentrok", "perpanjangan-tanggal-berakhir", "id-lama"})
CITY_REGION = "62.71"
FOREIGN_CATEGORIES = frozenset({"ksdpl", "ksdll"})

_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z")
_URL_UNSAFE = frozenset("<>\"'`\\")
# The same for ASCII text: whitespace and control characters are \x00-\x20 and \x7f there.
_URL_UNSAFE_ASCII = re.compile("[\x00-\x20\x7f<>\"'`\\\\]")


@dataclass(frozen=True)
class Context:
    """What every rule may look at."""

    records: Sequence[Record]
    by_id: Mapping[str, Record]
    codelists: CodeLists
    as_of: dt.date
    present: frozenset[str] = frozenset()
    """Every id written in the register, including duplicated ids and files the schema refused."""
    exemptions: Exemptions = NO_EXEMPTIONS
    """The reviewed allow-list of values that look like personal data but are not."""


Rule = Callable[[Record, Context], Iterator[Diagnostic]]


def _at(record: Record, code: str, message: str, path: InstancePath = (), hint: str | None = None) -> Diagnostic:
    line, column = record.position(path)
    return make(code, record.file, message, line=line, column=column, json_path=json_path(path),
                hint=hint, record_id=record.id)


def walk_strings(value: Any, path: InstancePath = ()) -> Iterator[tuple[InstancePath, str]]:
    # Iterative, in document order. Only a record that :func:`rule_content` found suspect is
    # walked with paths; the recursive generator was two thirds of all rule time (issue 8).
    stack: list[tuple[InstancePath, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, (list, tuple)):
            stack.extend(((*where, index), child) for index, child in reversed(list(enumerate(item))))
        elif isinstance(item, Mapping):
            stack.extend(((*where, key), child) for key, child in reversed(list(item.items())))


# --- identity ------------------------------------------------------------------------------
def rule_file_name(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    stem = PurePosixPath(record.file).stem
    if record.id != stem:
        yield _at(record, "id-beda-nama-berkas", f"id '{record.id}' berbeda dengan nama berkas '{stem}.yaml'.",
                  ("id",), hint=f"Ubah id menjadi '{stem}', atau ganti nama berkas menjadi {record.id}.yaml.")


def rule_links(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    for name in LINK_FIELDS:
        target = record.get(name)
        if target is None:
            continue
        if target not in ctx.by_id:
            if target not in ctx.present and name == RENAME_FIELD:  # issue 15: a former id, redirected
                yield _at(record, "id-lama", f"menggantikan menunjuk '{target}', yang tidak ada lagi di register: "
                          f"alamat /kerja-sama/{target}/ dialihkan ke naskah ini.", (name,))
            elif target not in ctx.present:  # a duplicated or refused target has its own diagnostic
                close = difflib.get_close_matches(target, sorted(ctx.present), n=1, cutoff=0.8)
                yield _at(record, "rujukan-tidak-ada", f"{name} menunjuk '{target}', yang tidak ada di register.",
                          (name,), hint=f"Mungkin maksud Anda '{close[0]}'?" if close else None)
            continue
        # Only a record that lies on the cycle is reported; one that merely points into a
        # cycle is not at fault.
        seen: set[str] = set()
        current: str | None = target
        while current is not None and current in ctx.by_id and current not in seen:
            if current == record.id:
                yield _at(record, "rujukan-melingkar", f"Rantai {name} dari naskah ini kembali ke dirinya sendiri.",
                          (name,))
                break
            seen.add(current)
            current = ctx.by_id[current].get(name)


# --- dates ---------------------------------------------------------------------------------
def rule_date_order(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    signed, start, end = record.date("tanggal_tanda_tangan"), record.date("tanggal_mulai"), record.end
    year = record.get("tahun_tanda_tangan")
    if signed and year is not None and year != signed.year:
        yield _at(record, "urutan-tanggal", f"tahun_tanda_tangan {year} tidak sama dengan tahun pada "
                  f"tanggal_tanda_tangan {signed}.", ("tahun_tanda_tangan",))
    if signed and start and start < signed:
        yield _at(record, "urutan-tanggal", f"tanggal_mulai {start} lebih awal dari tanggal_tanda_tangan {signed}.",
                  ("tanggal_mulai",))
    first = start or signed
    if first and end and end < first:
        yield _at(record, "urutan-tanggal", f"tanggal_berakhir {end} lebih awal dari tanggal mulai berlaku {first}.",
                  ("tanggal_berakhir",))
    end_year, first_year = record.end_year, (first.year if first else record.signed_year)
    if end_year is not None and first_year is not None and end_year < first_year:
        yield _at(record, "urutan-tanggal", f"tahun_berakhir {end_year} lebih awal dari tahun mulai berlaku atau "
                  f"penandatanganan {first_year}.", ("tahun_berakhir",),
                  hint="Periksa tahun berakhir pada sumber; naskah tidak dapat berakhir sebelum ditandatangani.")
    termination = record.get("pengakhiran")
    stop = parse_date(termination.get("tanggal")) if termination else None
    if stop and first and stop < first:
        yield _at(record, "urutan-tanggal", f"Tanggal pengakhiran {stop} lebih awal dari tanggal mulai {first}.",
                  ("pengakhiran", "tanggal"))
    for index, step in enumerate(record.get("tahapan_sop", ())):
        begun, done = parse_date(step.get("tanggal_mulai")), parse_date(step.get("tanggal_selesai"))
        if begun and done and done < begun:
            yield _at(record, "urutan-tanggal", f"Tahap {step['tahap']}: tanggal_selesai sebelum tanggal_mulai.",
                      ("tahapan_sop", index, "tanggal_selesai"))


def rule_future(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    signed = record.date("tanggal_tanda_tangan")
    year = record.get("tahun_tanda_tangan")
    if record.get("status") in signed_states() and year is not None and year > ctx.as_of.year:
        yield _at(record, "tanggal-akan-datang", f"tahun_tanda_tangan {year} setelah tanggal acuan {ctx.as_of}.",
                  ("tahun_tanda_tangan",))
    if record.get("status") in signed_states() and signed and signed > ctx.as_of:
        yield _at(record, "tanggal-akan-datang",
                  f"Status '{record.get('status')}' tetapi tanggal_tanda_tangan {signed} setelah tanggal acuan "
                  f"{ctx.as_of}.", ("tanggal_tanda_tangan",))


UNKNOWN_SIGNING_YEAR = "tahun_tanda_tangan_tidak_diketahui"
SIGNING_PART = "naskah"  # the kelompok-fakta part that says which document was signed


def rule_unknown_signing_year(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    """A signed record whose signing year is unknown needs a source for the signing and a note.

    The schema already limits the flag to signed states and refuses it beside a signing date or
    year; what it cannot say is that some source states the document was signed at all.
    """
    if record.get(UNKNOWN_SIGNING_YEAR) is not True or record.get("status") not in signed_states():
        return
    sources = record.get("sumber", ())
    if not any(s.get("mendukung") is None or SIGNING_PART in s.get("mendukung", ()) for s in sources):
        yield _at(record, "tahun-tanda-tangan-tanpa-dasar",
                  f"{UNKNOWN_SIGNING_YEAR}: true, tetapi tidak ada sumber yang mendukung bagian '{SIGNING_PART}' "
                  "(bahwa naskah ini sudah ditandatangani).", (UNKNOWN_SIGNING_YEAR,),
                  hint="Tambahkan naskah pada mendukung sumber yang menyebut naskah sudah ditandatangani atau "
                       "masih dilaksanakan, atau ubah status menjadi tahap sebelum penandatanganan.")
    if not str(record.get("catatan") or "").strip():
        yield _at(record, "tahun-tanda-tangan-tanpa-dasar",
                  f"{UNKNOWN_SIGNING_YEAR}: true tanpa catatan yang menjelaskan dasarnya.", (UNKNOWN_SIGNING_YEAR,),
                  hint="Tulis di catatan sumber mana yang menyebut naskah sudah ditandatangani dan mengapa tahunnya "
                       "tidak diketahui.")


def rule_recorded_status(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    recorded, end, start = record.get("status"), record.end, record.start
    if recorded == "berlaku" and end and end < ctx.as_of:
        yield _at(record, "status-tidak-sesuai-tanggal",
                  f"Status tercatat 'berlaku', tetapi tanggal_berakhir {end} sudah lewat per {ctx.as_of}.", ("status",))
    elif recorded == "berakhir" and end and end >= ctx.as_of:
        yield _at(record, "status-tidak-sesuai-tanggal",
                  f"Status tercatat 'berakhir', tetapi tanggal_berakhir {end} belum lewat per {ctx.as_of}.", ("status",))
    elif recorded == "berlaku" and record.end_year is not None and record.end_year < ctx.as_of.year:
        yield _at(record, "status-tidak-sesuai-tanggal",
                  f"Status tercatat 'berlaku', tetapi tahun_berakhir {record.end_year} sudah lewat per {ctx.as_of}.",
                  ("status",))
    elif recorded == "berakhir" and record.end_year is not None and record.end_year > ctx.as_of.year:
        yield _at(record, "status-tidak-sesuai-tanggal",
                  f"Status tercatat 'berakhir', tetapi tahun_berakhir {record.end_year} belum tiba per {ctx.as_of}.",
                  ("status",))
    elif recorded == "berlaku" and start and start > ctx.as_of:
        yield _at(record, "status-tidak-sesuai-tanggal",
                  f"Status tercatat 'berlaku', tetapi tanggal mulai {start} belum tiba per {ctx.as_of}.", ("status",))
    if record.get("pengakhiran") and recorded != "diakhiri_lebih_awal":
        yield _at(record, "pengakhiran-tanpa-status", "Kolom pengakhiran diisi, tetapi status bukan diakhiri_lebih_awal.",
                  ("pengakhiran",))


def rule_term(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    term, start, end = record.get("jangka_waktu"), record.start, record.end
    length = relativedelta(years=term.get("tahun", 0), months=term.get("bulan", 0)) if term else None
    if length is not None and start and end:
        expected = start + length - dt.timedelta(days=1)
        if expected != end:
            yield _at(record, "jangka-waktu-tidak-cocok",
                      f"Mulai {start} + jangka waktu berakhir {expected}, tetapi tanggal_berakhir {end}.",
                      ("tanggal_berakhir",))
    too_long = (length is not None and start is not None and start + length > start + MAX_TERM) or (
        start is not None and end is not None and end >= start + MAX_TERM)
    if too_long and not record.get("dasar_pengecualian_jangka_waktu"):
        yield _at(record, "jangka-waktu-lebih-5-tahun", "Jangka waktu lebih dari 5 tahun tanpa dasar pengecualian.",
                  ("jangka_waktu",) if term else ("tanggal_berakhir",))


# --- classification and parties ---------------------------------------------------------------
def _partners(record: Record) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for index, party in enumerate(record.get("para_pihak", ())):
        if not party.get("pihak_kota"):
            yield index, party


def rule_regions(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    regions = ctx.codelists["wilayah"]
    party_types = ctx.codelists["jenis_pihak"]
    for index, party in enumerate(record.get("para_pihak", ())):
        code = party.get("kode_wilayah")
        if code is not None and code not in regions:
            yield _at(record, "wilayah-tidak-dikenal", f"Kode wilayah '{code}' tidak ada dalam daftar kode wilayah.",
                      ("para_pihak", index, "kode_wilayah"))
    if record.get("kategori") == "ksdd":
        for index, party in _partners(record):
            kind = party_types.find(party.get("jenis_pihak"))
            if not (kind and kind.get("pemerintah_daerah")):
                yield _at(record, "ksdd-mitra-bukan-pemda",
                          f"Mitra '{party['nama']}' bukan pemerintah daerah, padahal kategori ksdd.",
                          ("para_pihak", index, "jenis_pihak"))
    if record.get("jenis_ksdd") == "wajib":
        for index, party in _partners(record):
            region = regions.find(party.get("kode_wilayah"))
            if region is None or region.get("berbatasan") is not True:
                state = "belum diketahui berbatasan" if region is None or region.get("berbatasan") is None \
                    else "tidak berbatasan"
                yield _at(record, "wajib-tidak-berbatasan",
                          f"Mitra '{party['nama']}' {state} dengan Kota Palangka Raya.",
                          ("para_pihak", index, "kode_wilayah") if region else ("jenis_ksdd",))


def _foreign(party: Mapping[str, Any], ctx: Context) -> bool:
    kind = ctx.codelists["jenis_pihak"].find(party.get("jenis_pihak"))
    return bool(kind and kind.get("luar_negeri")) or party.get("negara", "ID") != "ID"


def rule_category_partners(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    """Category and partners agree (issue 18): PP 28/2018 Art. 1 defines the categories by partner."""
    party_types = ctx.codelists["jenis_pihak"]
    for index, party in enumerate(record.get("para_pihak", ())):
        code = party.get("kode_wilayah")
        if party.get("pihak_kota") and code is not None and code != CITY_REGION:
            yield _at(record, "pihak-kota-bukan-62-71",
                      f"Pihak kota '{party['nama']}' berkode wilayah '{code}', bukan \"{CITY_REGION}\" (Kota Palangka Raya).",
                      ("para_pihak", index, "kode_wilayah"))
    category = record.get("kategori")
    if category is None:
        return
    partners = list(_partners(record))
    foreign = [(i, p) for i, p in partners if _foreign(p, ctx)]
    if foreign and category not in FOREIGN_CATEGORIES:
        index, party = foreign[0]
        government = party.get("jenis_pihak") == "pemerintah_daerah_luar_negeri"
        wanted = "ksdpl" if government else "ksdll"
        yield _at(record, "kategori-mitra-luar-negeri",
                  f"Mitra '{party['nama']}' berada di luar negeri, tetapi kategori {category}.", ("kategori",),
                  hint=f"Ubah kategori menjadi {wanted} ({ctx.codelists.label('kategori', wanted)}). "
                       f"Untuk LoI atau penjajakan tidak perlu persetujuan DPRD dulu (lihat /sop/).")
    elif category in FOREIGN_CATEGORIES and partners and not foreign:
        yield _at(record, "kategori-luar-negeri-tanpa-mitra",
                  f"Kategori {category}, tetapi tidak ada mitra luar negeri.", ("kategori",))
    regional = partners and all(
        (kind := party_types.find(p.get("jenis_pihak"))) is not None and kind.get("pemerintah_daerah") and not _foreign(p, ctx)
        for _, p in partners)
    if regional and category != "ksdd":
        yield _at(record, "kategori-mitra-daerah",
                  f"Semua mitra adalah pemerintah daerah, tetapi kategori {category}.", ("kategori",),
                  hint="Ubah kategori menjadi ksdd dan isi jenis_ksdd (wajib bila berbatasan, selain itu sukarela).")


def rule_renewal_end(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    """A renewed document ends the day before its renewal starts; the status engine computes it so,
    and this asks for the recorded end to say the same (issue 18)."""
    old = ctx.by_id.get(record.get("memperpanjang") or "")
    if old is None or not is_signed(record) or is_preliminary(record) or record.start is None:
        return
    seen, current = {record.id}, old.id
    while current in ctx.by_id:  # a chain with a cycle has its own diagnostic (rujukan-melingkar)
        if current in seen:
            return
        seen.add(current)
        current = ctx.by_id[current].get("memperpanjang")
    cut = record.start - dt.timedelta(days=1)
    end = old.end
    if end is not None and end <= cut:
        return
    recorded = "tanggal berakhirnya belum tercatat" if end is None else f"tanggal_berakhir tercatat {end}"
    yield _at(old, "perpanjangan-tanggal-berakhir",
              f"Naskah ini diperpanjang oleh '{record.id}' yang mulai berlaku {record.start}, jadi berakhir {cut}; "
              f"{recorded}.", ("tanggal_berakhir",) if end is not None else ("status",),
              hint=f"Isi tanggal_berakhir: \"{cut.isoformat()}\" dan hapus masa_berlaku_tidak_diketahui.")


def dprd_required(record: Record) -> bool | None:
    """Whether DPRD approval is required by the rule; None when the data cannot tell."""
    category = record.get("kategori")
    if category in {"ksdpl", "ksdll"}:
        return True
    if category != "ksdd":
        return None
    funding = record.get("pendanaan", {})
    burdens = funding.get("membebani_masyarakat_daerah")
    budgeted = funding.get("teranggarkan_apbd")
    if burdens is True or ("apbd_kota" in funding.get("sumber", ()) and budgeted is False):
        return True
    if burdens is False and budgeted is not False:
        return False
    return None


def rule_dprd(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    # When: the SOP path decides (issue 18); never for an LoI or an exploration.
    if not dprd_stage_reached(Sop.from_codelists(ctx.codelists), record):
        return
    required = dprd_required(record)
    approval = record.get("persetujuan_dprd")
    if required and not (approval and approval.get("diperlukan")):
        reason = ("mitra luar negeri" if record.get("kategori") in {"ksdpl", "ksdll"}
                  else "kerja sama membebani masyarakat/daerah atau belum dianggarkan dalam APBD tahun berjalan")
        yield _at(record, "persetujuan-dprd", f"Persetujuan DPRD diperlukan karena {reason}.", ("persetujuan_dprd",),
                  hint="Tulis persetujuan_dprd: {diperlukan: true}, lalu nomor dan tanggal setelah DPRD menyetujui. "
                       "LoI dan penjajakan belum memerlukannya (lihat /sop/).")
    if approval and approval.get("diperlukan") and record.get("status") in signed_states() \
            and not (approval.get("nomor") and approval.get("tanggal")):
        yield _at(record, "persetujuan-dprd-belum-tercatat", "Nomor atau tanggal persetujuan DPRD belum dicatat.",
                  ("persetujuan_dprd",))


def rule_parent_agreement(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    kind, category = record.get("jenis_naskah"), record.get("kategori")
    if kind == "perjanjian_kerja_sama" and category in {"ksdd", "ksdpk"}:
        target = record.get("naskah_induk")
        parent = ctx.by_id.get(target or "")
        dangling = target is not None and parent is None  # reported by rujukan-tidak-ada or the target itself
        if not dangling and (parent is None or parent.get("jenis_naskah") != "kesepakatan_bersama"):
            yield _at(record, "pks-tanpa-kb", "PKS ini tidak menunjuk Kesepakatan Bersama sebagai naskah_induk.",
                      ("naskah_induk",) if record.get("naskah_induk") else ("jenis_naskah",))


def rule_documents(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    kind, category = record.get("jenis_naskah"), record.get("kategori")
    # Only a document can be of the wrong form: an exploration without one is not warned (issue 14).
    has_document = kind is not None or is_signed(record)
    if category == "sinergi" and has_document and kind != "adendum" and (
            kind != "nota_kesepakatan" or not record.get("rencana_kerja")):
        yield _at(record, "sinergi-tanpa-rencana-kerja",
                  "Sinergi sebaiknya berupa Nota Kesepakatan dengan rencana_kerja.", ("jenis_naskah",))
    # PP 28/2018 Art. 2(2) governs KSD documents only; a grant or a procurement contract
    # outside the KSD regime is signed by whoever its own rules name.
    signer = ctx.codelists["penandatangan_kota"].find(record.get("penandatangan_kota"))
    if signer and signer.code != "tidak_diketahui" and not signer.get("kepala_daerah") \
            and kind != "perjanjian_kerja_sama" and record.get("rezim_hukum") == "ksd":
        yield _at(record, "penandatangan-bukan-kepala-daerah",
                  f"{signer.label} menandatangani {ctx.codelists.label('jenis_naskah', kind)}.", ("penandatangan_kota",))


def rule_indicators(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    if compute(record, ctx.as_of).phase.running and not record.get("indikator_keberhasilan"):  # never an unknown term
        yield _at(record, "tanpa-indikator", "Kerja sama berlaku tanpa indikator_keberhasilan.",
                  ("indikator_keberhasilan",))


# --- content -----------------------------------------------------------------------------------
def url_problem(url: str) -> str | None:  # noqa: PLR0911 - one return per reason a URL is refused, each with its own message
    """Why a URL is not a safe public http(s) address, or None when it is.

    The schema's pattern says the same; this is the second lock, so a loosened pattern can
    never let ``javascript:`` or markup characters through to a link on the site.
    """
    # ASCII, as nearly every URL is, in one regex search (issue 8); other text char by char.
    unsafe = _URL_UNSAFE_ASCII.search(url) is not None if url.isascii() else any(
        ch.isspace() or ch in _URL_UNSAFE or not ch.isprintable() for ch in url)
    if unsafe:
        return "alamat memuat spasi, karakter kendali atau salah satu dari < > \" ' ` \\"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "alamat tidak dapat diurai"
    if parts.scheme not in {"http", "https"}:
        return f"skema '{parts.scheme}:' tidak diizinkan"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "alamat memuat nama pengguna"
    if not host or "." not in host or host.endswith(".local") or host == "localhost":
        return "nama host tidak publik"
    try:
        ipaddress.ip_address(host)
        return "alamat IP, bukan nama host"
    except ValueError:
        pass
    if not all(_HOST_LABEL.match(label) for label in host.split(".")):
        return "nama host tidak sah"
    if port is not None and port not in {80, 443}:
        return f"port {port} tidak lazim"
    return None


def _url_diagnostics(record: Record) -> Iterator[Diagnostic]:
    for path, value in walk_strings(record.data):
        if path and path[-1] == "url":
            problem = url_problem(value)
            if problem:
                yield _at(record, "url-tidak-aman", f"URL {value!r} ditolak: {problem}.", path)


def _personal_data_diagnostics(record: Record, exemptions: Exemptions) -> Iterator[Diagnostic]:
    """One diagnostic per distinct finding in each field, except the ones the allow-list lets through."""
    for path, value in walk_strings(record.data):
        if path and path[-1] in {"url", "sha256"}:
            continue
        where = json_path(path)
        for finding in findings(value):
            if not exemptions.allows(record.file, where, finding):
                hint = (f"{CATALOGUE['data-pribadi'].hint} Bila nilai ini bukan data pribadi (misalnya nomor surat), "
                        f"catat pengecualian di {EXEMPTIONS_FILE} dengan nilai_sha256: {finding.digest}, "
                        f"berkas: {record.file}, kolom: {where}.")
                yield _at(record, "data-pribadi", f"Teks memuat {finding.label}.", path, hint)


_CONTAINERS = frozenset({MappingProxyType, dict, tuple, list})


def _strings(data: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Every string value of a record, without paths: (values of ``url`` keys, the other
    values except ``sha256`` digests)."""
    urls: list[str] = []
    texts: list[str] = []
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if item.__class__ is MappingProxyType or isinstance(item, Mapping):
            for key, child in item.items():
                if child.__class__ is str:
                    if key == "url":
                        urls.append(child)
                    elif key != "sha256":
                        texts.append(child)
                elif child.__class__ in _CONTAINERS or isinstance(child, (Mapping, list, tuple)):
                    stack.append(child)
        else:
            for child in item:
                if child.__class__ is str:
                    texts.append(child)
                elif child.__class__ in _CONTAINERS or isinstance(child, (Mapping, list, tuple)):
                    stack.append(child)
    return urls, texts


def rule_content(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    """Unsafe URLs and personal data in any string of the record.

    Screened in one walk that builds no paths (issue 8); only a record with a finding is
    walked again with paths, so that each diagnostic names its exact place.
    """
    urls, texts = _strings(record.data)
    if any(url_problem(url) for url in urls):
        yield from _url_diagnostics(record)
    if any(findings(text) for text in texts):
        yield from _personal_data_diagnostics(record, ctx.exemptions)


def exemption_in_use(entry: Exemption, data: Mapping[str, Any]) -> bool:
    """Whether the entry's field in this record still holds a finding with the entry's digest."""
    return any(json_path(path) == entry.field and any(f.digest == entry.digest for f in findings(value))
               for path, value in walk_strings(data))


def check_exemptions(exemptions: Exemptions, records: Mapping[str, Mapping[str, Any]], checked: Iterable[str]
                     ) -> list[Diagnostic]:
    """Allow-list entries that let nothing through: the file, the field or the value is gone.

    ``records`` are the data of schema-valid records by file; an entry for a file the schema
    refused is not judged (that file's own diagnostics come first), an entry for a file not in
    ``checked`` is stale.
    """
    known = set(checked)
    out = []
    for entry in exemptions.entries:
        data = records.get(entry.file)
        if data is None and entry.file in known:
            continue
        if data is None:
            problem = f"berkas {entry.file} tidak ada di register"
        elif not exemption_in_use(entry, data):
            problem = f"kolom {entry.field} di {entry.file} tidak lagi memuat nilai dengan sidik itu"
        else:
            continue
        out.append(make("pengecualian-usang", EXEMPTIONS_FILE, f"Pengecualian tidak terpakai: {problem}.",
                        line=entry.line, json_path=f"$.pengecualian[{entry.index}]"))
    return out


# Rules that look at one record only; they may run in a worker process on part of the register
# (issue 8), so they must not read ``ctx.records``, ``ctx.by_id`` or ``ctx.present``.
FILE_RULES: tuple[Rule, ...] = (
    rule_file_name, rule_date_order, rule_future, rule_unknown_signing_year, rule_recorded_status, rule_term,
    rule_regions, rule_category_partners, rule_dprd, rule_documents, rule_indicators, rule_content,
    *provenance_rules.RULES,  # issue 14: provenance per part of the data
)
# Rules whose outcome depends on other records (their codes are CROSS_RECORD_CODES, with id-ganda).
REGISTER_RULES: tuple[Rule, ...] = (rule_links, rule_parent_agreement, rule_renewal_end)
RULES = FILE_RULES + REGISTER_RULES


def check_register(records: Sequence[Record], codelists: CodeLists, as_of: dt.date,
                   refused_ids: Iterable[str] = (), exemptions: Exemptions = NO_EXEMPTIONS) -> list[Diagnostic]:
    """Run every rule over every record, plus the duplicate-id check across files.

    ``refused_ids`` are ids of files that the schema refused: a link to one of them is not
    reported as missing, because the file is there and its own diagnostics explain it.
    """
    out = [d for record in records for d in check_record(record, codelists, as_of, exemptions)]
    return out + check_across(records, codelists, as_of, refused_ids)


def check_record(record: Record, codelists: CodeLists, as_of: dt.date,
                 exemptions: Exemptions = NO_EXEMPTIONS) -> list[Diagnostic]:
    """The rules that look at this record alone."""
    ctx = Context((record,), {}, codelists, as_of, exemptions=exemptions)
    return [d for rule in FILE_RULES for d in rule(record, ctx)]


def check_across(records: Sequence[Record], codelists: CodeLists, as_of: dt.date,
                 refused_ids: Iterable[str] = ()) -> list[Diagnostic]:
    """The duplicate-id check and the rules that look across records (see :func:`check_register`)."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        groups[record.id].append(record)
    out: list[Diagnostic] = []
    for record_id, same in groups.items():
        if len(same) > 1:
            files = ", ".join(sorted(r.file for r in same))
            for record in same:
                out.append(_at(record, "id-ganda", f"id '{record_id}' dipakai oleh {len(same)} berkas: {files}.",
                               ("id",)))
    by_id = {record_id: same[0] for record_id, same in groups.items() if len(same) == 1}
    ctx = Context(records, by_id, codelists, as_of, frozenset(groups) | frozenset(refused_ids))
    for record in records:
        for rule in REGISTER_RULES:
            out.extend(rule(record, ctx))
    return out + check_partner_pages(records)


# --- partner pages -----------------------------------------------------------------------------
def check_partner_pages(records: Sequence[Record]) -> list[Diagnostic]:
    """Partners that would share one ``/mitra/<slug>/`` page with a different partner (issue 19).

    The identity rules live in :mod:`generator.check.partners`, which the index uses too; this only
    turns its clashes into diagnostics, one per entry at fault.
    """
    return [_clash_diagnostic(clash) for clash in resolve(records).clashes]


def _clash_diagnostic(clash: Clash) -> Diagnostic:
    entry = clash.entry
    where = ("para_pihak", entry.position, clash.field)
    named = list(dict.fromkeys(f"'{o.name}' ({o.record.file})" for o in clash.others))
    others = "; ".join(named[:3]) + (f" dan {len(named) - 3} lainnya" if len(named) > 3 else "")
    if clash.kind == "nama":
        return _at(entry.record, "mitra-bentrok",
                   f"Nama mitra '{entry.name}' mendapat alamat /mitra/{clash.slug}/ yang sama dengan {others}.", where)
    if clash.field == "id_mitra":
        message = f"id_mitra '{clash.slug}' sama dengan alamat yang diturunkan dari nama mitra lain: {others}."
    elif entry.normal in {o.normal for o in clash.others}:
        message = (f"Nama mitra '{entry.name}' ditulis dengan id_mitra {clash.slug} di berkas lain: {others}; "
                   f"tanpa id_mitra, naskah ini tidak jelas milik halaman yang mana.")
    else:
        message = f"Nama mitra '{entry.name}' menjadi alamat /mitra/{clash.slug}/, yang sudah dipakai id_mitra {others}."
    return _at(entry.record, "id-mitra-bentrok", message, where)
