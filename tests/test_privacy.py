"""The personal-data detector (generator.check.privacy) and its reviewed allow-list (issue 19).

The detector is shared by the validator and the post-build scan; the allow-list
data/pengecualian-data-pribadi.yaml lets one reviewed value through in one field of one file,
in ``kerjasama validate`` and in the built site alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from constants import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.datafiles import load_exemptions
from generator.check.privacy import EXEMPTIONS_FILE, Finding, findings, normalise
from generator.check.validate import Environment, Result, validate
from generator.project import Project
from generator.read.codelists import load_codelists
from generator.site.render import rupiah, tanggal

NIK = "3578080102030001"
MOBILE = "081234567890"
MAIL = "budi.santoso@gmail.com"

# Every form the hostile pass of issue 19 got through, and the forms caught before it.
HOSTILE = [
    ("NIK 3578 0801 0203 0001", Finding("nik", NIK)),
    ("3578.0801.0203.0001", Finding("nik", NIK)),
    ("3578-0801-0203-0001", Finding("nik", NIK)),
    ("NIK \uff13\uff15\uff17\uff18\uff10\uff18\uff10\uff11\uff10\uff12\uff10\uff13\uff10\uff10\uff10\uff11",
     Finding("nik", NIK)),
    ("\u0663\u0665\u0667\u0668\u0660\u0668\u0660\u0661\u0660\u0662\u0660\u0663\u0660\u0660\u0660\u0661",
     Finding("nik", NIK)),
    ("3578\u00a00801\u00a00203\u00a00001", Finding("nik", NIK)),
    ("3578\u20130801\u20130203\u20130001", Finding("nik", NIK)),
    ("3578/0801/0203/0001", Finding("nik", NIK)),
    ("(3578) 0801 0203 0001", Finding("nik", NIK)),
    ("+62 (812) 3456 7890", Finding("seluler", MOBILE)),
    ("NIK penandatangan 6271011203850001", Finding("nik", "6271011203850001")),
    ("NIK perempuan 6271015203850002", Finding("nik", "6271015203850002")),
    ("NIK 6271031234567890", Finding("nik", "6271031234567890")),  # no NIK structure, but named a NIK
    ("(0812) 3456 7890", Finding("seluler", MOBILE)),
    ("hubungi 0812-3456-7890", Finding("seluler", MOBILE)),
    ("hubungi +62 812 3456 7890", Finding("seluler", MOBILE)),
    ("HP 081234567890", Finding("seluler", MOBILE)),
    ("\uff10\uff18\uff11\uff12 3456 7890", Finding("seluler", MOBILE)),
    ("budi.santoso [at] gmail.com", Finding("surel", MAIL)),
    ("budi.santoso (at) gmail (dot) com", Finding("surel", MAIL)),
    ("budi.santoso {at} gmail [dot] com", Finding("surel", MAIL)),
    ("budi.santoso at gmail dot com", Finding("surel", MAIL)),
    ("Budi.Santoso @ Gmail.com", Finding("surel", MAIL)),
    ("budi.santoso\uff20gmail.com", Finding("surel", MAIL)),
    ("surel budi.santoso@gmail.com", Finding("surel", MAIL)),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_every_hostile_form_is_found_with_its_canonical_value(text: str, expected: Finding) -> None:
    assert findings(text) == (expected,)


CLEAN = [
    "telepon kantor (0536) 3221234",
    "faks 0536-3226477 dan (0536) 322 1234",
    "surel bagpem@palangkaraya.go.id",
    "humas@upr.ac.id",
    "nomor 800/123/PEM/2024",
    "800/1234567890123456/PEM",  # 16 digits, but day 78 is no NIK's birth day
    "Rp 1.250.000.000",
    "Rp1.250.000.000 / Rp2.000.000.000",
    "Rp 62.812.345.678",  # digits begin with 628, but this is an amount
    "1.250.000.000,50 dan 2.500.000.000,00",
    "2024-08-15 - 2029-08-14",
    "15-08-2024 / 14-08-2029",
    "berlaku 2024-05-22 s.d. 2029-05-21",
    "2026-12-04T00:00:00+07:00",
    "diperbarui 2026-12-04T10:15:30Z",
    "2015 2016 2017 2018 2019 2020",
    "Tahun Semua 2026 (72) 2024 (6) 2023 (8) 2021 (4) 2020 (8) 2019 (14) 2018 (5)",  # catalogue facets
    "1998 (12) 2005 (11) 2004 (3) 2003",
    "ab1234567890123456cd1234567890123456789012345678901234567890ef12",
    "2024-kejari-datun-satpol-pp dan 2019-bank-kalteng-kas-daerah-pks",
    "https://palangkaraya.go.id/berita/2024/05/22/12345",
    "Rapat at kantor wali kota",
]


@pytest.mark.parametrize("text", CLEAN)
def test_office_contacts_amounts_dates_digests_and_ids_are_not_personal_data(text: str) -> None:
    assert findings(text) == ()


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**15 - 1))
def test_rupiah_amounts_as_rendered_are_never_personal_data(amount: int) -> None:
    assert findings(rupiah(amount)) == ()
    assert findings(f"Nilai {rupiah(amount)}, atau Rp {rupiah(amount)[2:]} / {rupiah(amount + 1)}") == ()


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
def test_dates_and_date_ranges_are_never_personal_data(start: dt.date, end: dt.date) -> None:
    for text in (f"{start.isoformat()} - {end.isoformat()}", f"{start:%d-%m-%Y} - {end:%d-%m-%Y}",
                 f"{start:%d/%m/%Y}/{end:%d/%m/%Y}", f"{tanggal(start)} s.d. {tanggal(end)}",
                 f"{start.isoformat()}T10:00:00+07:00"):
        assert findings(text) == (), text


def test_digests_are_never_personal_data() -> None:
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(5000)]
    assert [d for d in digests if findings(d)] == []
    assert [d for d in digests if findings(d.upper())] == []


def test_nik_structure_keeps_false_positives_low() -> None:
    assert findings("nomor 9978080102030001") == ()  # province 99
    assert findings("nomor 3500080102030001") == ()  # regency 00
    assert findings("nomor 3578083202030001") == ()  # day 32
    assert findings("nomor 3578087202030001") == ()  # day 72
    assert findings("nomor 3578080113030001") == ()  # month 13
    assert findings("nomor 3578080102030000") == ()  # serial 0000
    assert findings("nomor 3578087102030001") == (Finding("nik", "3578087102030001"),)  # day 31 + 40
    assert findings("NIK 9978080102030001") == (Finding("nik", "9978080102030001"),)  # named a NIK


def test_normalise_folds_digits_and_leaves_ascii_alone() -> None:
    assert normalise("abc 123") == "abc 123"
    assert normalise("\uff11\u0662\u0969") == "123"
    assert normalise("a\u00a0b\u2013c") == "a b-c"


def test_finding_digest_is_sha256_of_the_canonical_value() -> None:
    assert Finding("nik", NIK).digest == hashlib.sha256(NIK.encode()).hexdigest()
    assert findings("3578.0801.0203.0001")[0].digest == findings("NIK 3578080102030001")[0].digest


# --- the allow-list --------------------------------------------------------------------------------
DOC = "800/6271014406870002/PEM"  # a document number with a NIK's structure (day 44, month 06)
DOC_DIGEST = hashlib.sha256(b"6271014406870002").hexdigest()
AGREEMENT = "2024-nomor-surat-16-angka"


def _entry(field: str = "$.nomor_naskah", digest: str = DOC_DIGEST, file: str = f"agreements/{AGREEMENT}.yaml") -> str:
    return (f"  - nilai_sha256: {digest}\n    berkas: {file}\n    kolom: {field}\n"
            "    alasan: Nomor surat keputusan, bukan NIK; dicocokkan dengan naskah.\n"
            "    peninjau: Kepala Bagian Pemerintahan Sekretariat Daerah\n")


def _allow_list(*entries: str) -> str:
    return "# header\npengecualian:\n" + "".join(entries) if entries else "pengecualian: []\n"


def make_project(root: Path, allow_list: str | None, number: str = DOC) -> Project:
    """The real register plus one agreement whose nomor_naskah is ``number``, and an allow-list."""
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "agreements", root / "agreements")
    (root / "data").mkdir()
    shutil.copy2(REPO / "data" / "tkksd.yaml", root / "data" / "tkksd.yaml")
    text = (REPO / "tests" / "hostile" / "tolak" / "data-pribadi-nik.yaml").read_text(encoding="utf-8")
    text = text.replace("id: data-pribadi-nik", f"id: {AGREEMENT}\nnomor_naskah: \"{number}\"")
    text = text.replace("catatan: NIK penandatangan 6271011203850001", "catatan: Nomor surat dicatat dari naskah.")
    (root / "agreements" / f"{AGREEMENT}.yaml").write_text(text, encoding="utf-8")
    if allow_list is not None:
        (root / EXEMPTIONS_FILE).write_text(allow_list, encoding="utf-8")
    return Project(root)


def _check(project: Project, as_of: dt.date) -> Result:
    return validate(Environment.load(project), as_of)


def _pairs(result: Result, file: str) -> set[tuple[str, int]]:
    return {(d.code, d.line) for d in result.diagnostics if d.file == file}


def test_the_shipped_allow_list_is_valid_and_empty() -> None:
    exemptions, problems = load_exemptions(Project(REPO), load_codelists(REPO / "schema" / "kode"))
    assert problems == ()
    assert exemptions.entries == ()
    assert "nilai_sha256" in (REPO / EXEMPTIONS_FILE).read_text(encoding="utf-8")  # the explanatory header


def test_document_number_without_entry_is_refused(tmp_path: Path, as_of: dt.date) -> None:
    result = _check(make_project(tmp_path, None), as_of)
    file = f"agreements/{AGREEMENT}.yaml"
    assert ("data-pribadi", 2) in _pairs(result, file)
    error = next(d for d in result.errors if d.code == "data-pribadi")
    assert error.json_path == "$.nomor_naskah"
    assert DOC_DIGEST in error.hint and EXEMPTIONS_FILE in error.hint  # the entry to write, ready to copy


def test_document_number_with_entry_validates(tmp_path: Path, as_of: dt.date) -> None:
    result = _check(make_project(tmp_path, _allow_list(_entry())), as_of)
    assert result.errors == []
    assert not [d for d in result.diagnostics if d.file == EXEMPTIONS_FILE]
    assert AGREEMENT in {r.id for r in result.records}


def test_entry_lets_through_only_its_field(tmp_path: Path, as_of: dt.date) -> None:
    project = make_project(tmp_path, _allow_list(_entry()))
    path = project.agreements / f"{AGREEMENT}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "catatan: Nomor surat dicatat dari naskah.", f"catatan: Nomor {DOC}"), encoding="utf-8")
    result = _check(project, as_of)
    assert [(d.code, d.json_path) for d in result.errors] == [("data-pribadi", "$.catatan")]


def test_stale_entries_are_warned_at_their_line(tmp_path: Path, as_of: dt.date) -> None:
    other = hashlib.sha256(b"6271014406870003").hexdigest()
    allow = _allow_list(_entry(), _entry(digest=other), _entry(field="$.judul"), _entry(file="agreements/hilang.yaml"))
    result = _check(make_project(tmp_path, allow), as_of)
    assert result.errors == []
    stale = sorted((d.code, d.line, d.json_path) for d in result.diagnostics if d.file == EXEMPTIONS_FILE)
    assert stale == [("pengecualian-usang", 8, "$.pengecualian[1]"), ("pengecualian-usang", 13, "$.pengecualian[2]"),
                     ("pengecualian-usang", 18, "$.pengecualian[3]")]
    assert result.ok() and not result.ok(strict=True)


def test_entry_goes_stale_when_the_value_is_removed(tmp_path: Path, as_of: dt.date) -> None:
    result = _check(make_project(tmp_path, _allow_list(_entry()), number="800/17/PEM/2024"), as_of)
    assert _pairs(result, EXEMPTIONS_FILE) == {("pengecualian-usang", 3)}


def test_malformed_allow_list_is_reported_with_its_line_and_lets_nothing_through(tmp_path: Path,
                                                                                 as_of: dt.date) -> None:
    broken = _allow_list(_entry()).replace("    peninjau: Kepala Bagian Pemerintahan Sekretariat Daerah\n", "")
    broken += "  - nilai_sha256: BUKAN-SIDIK\n    berkas: agreements/x.yaml\n    kolom: $.judul\n" \
              "    alasan: Contoh yang rusak.\n    peninjau: Kepala Bagian\n"
    result = _check(make_project(tmp_path, broken), as_of)
    assert _pairs(result, EXEMPTIONS_FILE) == {("skema-wajib", 3), ("skema-pola", 7)}
    assert ("data-pribadi", 2) in _pairs(result, f"agreements/{AGREEMENT}.yaml")


def test_allow_list_with_duplicate_key_is_refused_by_the_strict_reader(tmp_path: Path, as_of: dt.date) -> None:
    result = _check(make_project(tmp_path, "pengecualian: []\npengecualian: []\n"), as_of)
    assert {code for code, _ in _pairs(result, EXEMPTIONS_FILE)} == {"yaml-kunci-ganda"}


def test_validate_of_one_file_applies_the_allow_list(tmp_path: Path, as_of: dt.date) -> None:
    project = make_project(tmp_path, _allow_list(_entry()))
    result = validate(Environment.load(project), as_of, [project.agreements / f"{AGREEMENT}.yaml"])
    assert result.errors == []


# --- the built site ------------------------------------------------------------------------------------
def test_allow_listed_number_builds_and_the_scan_honours_the_same_entry(tmp_path: Path, as_of: dt.date) -> None:
    from conftest import build_site, make_site_project  # noqa: PLC0415 - a real build, only here

    from generator.commands.build import ValidationFailed, generate  # noqa: PLC0415
    from generator.read.siteconfig import load as load_config  # noqa: PLC0415
    from generator.verify.postbuild import scan_site  # noqa: PLC0415

    source = make_project(tmp_path / "source", _allow_list(_entry()))
    project = make_site_project(tmp_path / "repo", source.agreements)
    (project.root / EXEMPTIONS_FILE).write_text(_allow_list(_entry()), encoding="utf-8")
    built = build_site(project, as_of, tmp_path / "site")
    page = built.site / "kerja-sama" / AGREEMENT / "index.html"
    assert DOC in page.read_text(encoding="utf-8")
    api = json.loads((built.site / "api" / "v1" / "kerja-sama.json").read_text(encoding="utf-8"))
    assert DOC in json.dumps(api)
    assert DOC in (built.site / "data" / "kerja-sama.csv").read_text(encoding="utf-8")
    assert scan_site(project, built.site, built.generated) == []

    # The same site without the entry: the scan reports each file, with the value's origin.
    (project.root / EXEMPTIONS_FILE).write_text(_allow_list(), encoding="utf-8")
    problems = scan_site(project, built.site, built.generated)
    origin = f"(asal: agreements/{AGREEMENT}.yaml:2 $.nomor_naskah)"
    leaky = {d.file for d in problems if d.code == "situs-data-pribadi"}
    assert {f"kerja-sama/{AGREEMENT}/index.html", "api/v1/kerja-sama.json", "data/kerja-sama.csv"} <= leaky
    assert all(origin in d.message for d in problems if d.code == "situs-data-pribadi"), problems
    with pytest.raises(ValidationFailed):
        generate(project, as_of, load_config(project.root))
