"""Partner identity: which names are one partner and which ``/mitra/<slug>/`` page each gets (issue 19).

Names in another script or a blank name once all reduced to ``/mitra/mitra/`` and one record's
"Mitra:" line showed the other partner. These tests pin the slug rules, the two diagnostics
for names that would share a page, and the pages built from the identity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from constants import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.partners import derived_slug, normal_name
from generator.check.validate import Environment, Result, validate
from generator.derive.index import build_index
from generator.project import Project
from generator.site.pages.listing import partner_url

FIXTURE = REPO / "tests" / "fixtures" / "site"

# The partner pages of the real register, recorded before partner identity changed (issue 19):
# published URLs are a contract, so a change to the slug rules must leave every one in place.
REAL_PARTNER_URLS = {
    "/mitra/bank-indonesia-perwakilan-provinsi-kalimantan-tengah/",
    "/mitra/bpjs-kesehatan-cabang-palangka-raya/",
    "/mitra/bpjs-ketenagakerjaan-cabang-palangka-raya/",
    "/mitra/kejaksaan-negeri-palangka-raya/",
    "/mitra/pemerintah-kabupaten-katingan/",
    "/mitra/pemerintah-kabupaten-pulang-pisau/",
    "/mitra/pt-bank-pembangunan-daerah-kalimantan-tengah-bank-kalteng/",
    "/mitra/pt-pln-persero-uiw-kalimantan-selatan-dan-kalimantan-tengah-area-palangka-raya/",
}
KOREAN = "大韓民国 国立研究所"
RUSSIAN = "Корейский институт"
ARABIC = "المعهد الكوري للبحوث"


def id_pattern(env: Environment) -> re.Pattern[str]:
    party = env.schema.document["properties"]["para_pihak"]["items"]["properties"]
    return re.compile(party["id_mitra"]["pattern"])


# --- slugs --------------------------------------------------------------------------------------
def test_real_register_keeps_its_partner_urls(env: Environment, as_of: dt.date) -> None:
    result = validate(env, as_of)
    assert result.errors == []
    index = build_index(result.records, env.codelists, as_of)
    # Recorded before partner identity changed; the register grows, but no published URL moves.
    assert {"/" + partner_url(slug) for slug in index.partners} >= REAL_PARTNER_URLS


def test_latin_names_are_transliterated() -> None:
    assert derived_slug("Kejaksaan Negeri Palangka Raya") == "kejaksaan-negeri-palangka-raya"
    assert derived_slug("Universität Köln") == "universitat-koln"
    assert derived_slug("  PT   Contoh (Persero) ") == "pt-contoh-persero"
    assert derived_slug("Straße") == derived_slug("STRASSE") == "strasse"  # one name after case folding


def test_names_without_a_latin_slug_get_a_stable_digest() -> None:
    # Fixed values: the URL must be the same on every machine and in every build.
    assert derived_slug(KOREAN) == "mitra-bf7cd7a1"
    assert derived_slug(RUSSIAN) == "mitra-1746f22b"
    assert derived_slug(ARABIC) == "mitra-" + hashlib.sha256(ARABIC.encode()).hexdigest()[:8]
    assert derived_slug("...") != derived_slug("---")
    assert derived_slug("Index") not in {"index", "mitra"}  # mitra/index.md would be the folder's own page


@pytest.mark.parametrize("blank", ["", " ", "\t \u3000"])
def test_a_blank_name_still_gets_its_own_slug(blank: str, env: Environment) -> None:
    slug = derived_slug(blank)
    assert slug not in {"", "mitra"}
    assert id_pattern(env).match(slug)
    assert slug not in {derived_slug(n) for n in (KOREAN, RUSSIAN, ARABIC, "...", "-")}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_every_derived_slug_is_a_valid_id_mitra(name: str) -> None:
    slug = derived_slug(name)
    assert re.fullmatch(r"(?!(?:index|con|prn|aux|nul|com[0-9]|lpt[0-9])\Z)[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 80
    assert derived_slug(f"  {name.upper()}  ") == derived_slug(name) or normal_name(name.upper()) != normal_name(name)


# --- a register of hand-made agreements ---------------------------------------------------------
AGREEMENT = """\
id: {id}
judul: Naskah uji mitra
jenis_naskah: lainnya
rezim_hukum: hibah
para_pihak:
  - nama: Pemerintah Kota Palangka Raya
    jenis_pihak: pemerintah_daerah_kabkota
    pihak_kota: true
    kode_wilayah: "62.71"
{partners}penandatangan_kota: wali_kota
perangkat_daerah: bagian_pemerintahan
maksud_tujuan: Uji.
objek: Uji
ruang_lingkup: [Uji]
urusan: [pemerintahan_umum]
tanggal_tanda_tangan: "2024-01-10"
tanggal_berakhir: "2024-12-31"
pendanaan:
  sumber: [tanpa_biaya]
status: berakhir
sumber:
  - url: https://example.org/uji
    penerbit: example.org
    tanggal: "2024-01-10"
tingkat_kepastian: media
"""
FIRST_PARTNER_LINE = 10  # the `- nama:` line of the first partner


def partner(name: str, id_mitra: str | None = None) -> str:
    text = f"  - nama: {json.dumps(name, ensure_ascii=False)}\n"
    if id_mitra:
        text += f"    id_mitra: {id_mitra}\n"
    return text + "    jenis_pihak: lembaga_luar_negeri\n    negara: KR\n    pihak_kota: false\n"


def write(folder: Path, record_id: str, *partners: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{record_id}.yaml").write_text(AGREEMENT.format(id=record_id, partners="".join(partners)),
                                              encoding="utf-8")
    return f"{record_id}.yaml"


def check(env: Environment, as_of: dt.date, folder: Path) -> Result:
    return validate(Environment(Project(folder.parent, register=folder), env.schema, env.codelists), as_of)


def found(result: Result, codes: frozenset[str] = frozenset({"mitra-bentrok", "id-mitra-bentrok"})
          ) -> list[tuple[str, str, int, str]]:
    return sorted((Path(d.file).name, d.code, d.line, d.json_path) for d in result.diagnostics if d.code in codes)


def test_non_latin_names_are_two_partners_with_two_pages(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-korea", partner(KOREAN))
    write(register, "uji-rusia", partner(RUSSIAN), partner(ARABIC))
    result = check(env, as_of, register)
    assert result.errors == []
    index = build_index(result.records, env.codelists, as_of)
    assert {slug: p.name for slug, p in index.partners.items()} == {
        derived_slug(KOREAN): KOREAN, derived_slug(RUSSIAN): RUSSIAN, derived_slug(ARABIC): ARABIC}
    assert index.partner_of == {"uji-korea": (derived_slug(KOREAN),),
                                "uji-rusia": (derived_slug(RUSSIAN), derived_slug(ARABIC))}


def test_one_name_written_twice_is_one_partner(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("PT Bank Kalteng"))
    write(register, "uji-dua", partner("pt  bank KALTENG"))
    result = check(env, as_of, register)
    assert result.errors == []
    index = build_index(result.records, env.codelists, as_of)
    assert list(index.partners) == ["pt-bank-kalteng"]
    assert [r.id for r in index.partners["pt-bank-kalteng"].records] == ["uji-dua", "uji-satu"]


def test_names_differing_in_punctuation_are_refused(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("PT Bank Kalteng"))
    write(register, "uji-dua", partner("PT. Bank Kalteng"))
    result = check(env, as_of, register)
    line, path = FIRST_PARTNER_LINE, "$.para_pihak[1].nama"
    assert found(result) == [("uji-dua.yaml", "mitra-bentrok", line, path),
                             ("uji-satu.yaml", "mitra-bentrok", line, path)]
    by_file = {Path(d.file).name: d for d in result.errors}
    assert "uji-satu.yaml" in by_file["uji-dua.yaml"].message and "'PT Bank Kalteng'" in by_file["uji-dua.yaml"].message
    assert "id_mitra" in by_file["uji-dua.yaml"].hint
    assert result.records == ()


def test_an_explicit_id_mitra_merges_spellings(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("PT Bank Kalteng", "bank-kalteng"))
    write(register, "uji-dua", partner("PT. Bank Kalteng", "bank-kalteng"))
    write(register, "uji-tiga", partner("pt bank kalteng"))  # joins through the name used with the id
    result = check(env, as_of, register)
    assert result.errors == []
    index = build_index(result.records, env.codelists, as_of)
    assert list(index.partners) == ["bank-kalteng"]
    merged = index.partners["bank-kalteng"]
    assert merged.name == "PT. Bank Kalteng"  # the first record in id order: uji-dua
    assert merged.names == ("PT. Bank Kalteng", "PT Bank Kalteng", "pt bank kalteng")
    assert [r.id for r in merged.records] == ["uji-dua", "uji-satu", "uji-tiga"]


def test_id_mitra_equal_to_another_partners_slug_is_refused(env: Environment, as_of: dt.date,
                                                            tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("Bank Kalteng Syariah", "pt-bank-kalteng"))
    write(register, "uji-dua", partner("PT Bank Kalteng"))
    result = check(env, as_of, register)
    assert found(result) == [("uji-dua.yaml", "id-mitra-bentrok", FIRST_PARTNER_LINE, "$.para_pihak[1].nama"),
                             ("uji-satu.yaml", "id-mitra-bentrok", FIRST_PARTNER_LINE + 1, "$.para_pihak[1].id_mitra")]
    message = next(d.message for d in result.errors if d.file.endswith("uji-satu.yaml"))
    assert "'PT Bank Kalteng' (" in message and "uji-dua.yaml" in message


def test_a_name_used_with_two_ids_needs_its_own(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("Dinas Pendidikan", "disdik-kalteng"))
    write(register, "uji-dua", partner("Dinas Pendidikan", "disdik-kalsel"))  # two partners, one name: allowed
    write(register, "uji-tiga", partner("Dinas Pendidikan"))
    result = check(env, as_of, register)
    assert found(result) == [("uji-tiga.yaml", "id-mitra-bentrok", FIRST_PARTNER_LINE, "$.para_pihak[1].nama")]


def test_collisions_inside_one_file_are_reported_at_each_name(env: Environment, as_of: dt.date,
                                                              tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("PT Bank Kalteng"), partner("PT. Bank Kalteng"))
    second = FIRST_PARTNER_LINE + 4
    assert found(check(env, as_of, register)) == [
        ("uji-satu.yaml", "mitra-bentrok", FIRST_PARTNER_LINE, "$.para_pihak[1].nama"),
        ("uji-satu.yaml", "mitra-bentrok", second, "$.para_pihak[2].nama")]


def test_one_chosen_file_is_checked_against_the_whole_register(env: Environment, as_of: dt.date,
                                                               tmp_path: Path) -> None:
    """``kerjasama validate FILE``: the register's partners count, only the chosen file is reported."""
    outside = tmp_path / "baru"
    name = write(outside, "uji-baru", partner("Kejaksaan Negeri Palangka-Raya"))
    result = validate(env, as_of, [outside / name])
    assert [(Path(d.file).name, d.code, d.line) for d in result.errors] == [
        ("uji-baru.yaml", "mitra-bentrok", FIRST_PARTNER_LINE)]
    assert "agreements/2018-kejari-bantuan-hukum-datun.yaml" in result.errors[0].message


def test_the_index_never_merges_different_names(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    """Records that the validator refuses still get one page per partner if indexed anyway."""
    from generator.read.loader import load_all  # noqa: PLC0415
    from generator.read.record import Record  # noqa: PLC0415

    register = tmp_path / "agreements"
    write(register, "uji-satu", partner("PT Bank Kalteng"))
    write(register, "uji-dua", partner("PT. Bank Kalteng"))
    write(register, "uji-tiga", partner("Bank Kalteng Syariah", "pt-bank-kalteng"))
    project = Project(tmp_path, register=register)
    records = [Record.create(item.file, item.data, item.lines) for item in load_all(project, sorted(register.iterdir()))
               if item.data is not None]
    index = build_index(records, env.codelists, as_of)
    names = {slug: p.names for slug, p in index.partners.items()}
    assert len(names) == 3 and sorted(n for ns in names.values() for n in ns) == [
        "Bank Kalteng Syariah", "PT Bank Kalteng", "PT. Bank Kalteng"]
    assert names["pt-bank-kalteng"] == ("Bank Kalteng Syariah",)  # the explicit id keeps its slug


# --- the built site -----------------------------------------------------------------------------
def test_colliding_names_build_two_pages(site_builder: Callable[..., object], tmp_path: Path) -> None:
    """Names that once shared /mitra/mitra/: two pages, each record's "Mitra:" line and API block its own."""
    register = tmp_path / "agreements"
    register.mkdir()
    for source in FIXTURE.glob("*.yaml"):
        (register / source.name).write_bytes(source.read_bytes())
    write(register, "2024-uji-korea", partner(KOREAN))
    write(register, "2024-uji-rusia", partner(RUSSIAN))
    write(register, "2024-uji-disdik-a", partner("Dinas Pendidikan", "disdik-a"))  # one name, two partners
    write(register, "2024-uji-disdik-b", partner("Dinas Pendidikan", "disdik-b"))
    built = site_builder(agreements=register, name="partners")
    site: Path = built.site  # type: ignore[attr-defined]
    for slug in ("disdik-a", "disdik-b"):
        page = (site / "mitra" / slug / "index.html").read_text(encoding="utf-8")
        assert f"kerja-sama/2024-uji-{slug}/" in page and "2024-uji-disdik-" + ({"a", "b"} - {slug[-1]}).pop() not in page
    gantt = (site / "masa-berlaku" / "index.html").read_text(encoding="utf-8")
    assert gantt.count(">Dinas Pendidikan</text>") == 4  # one group per partner, in both drawings (wide, narrow)
    for record_id, name in (("2024-uji-korea", KOREAN), ("2024-uji-rusia", RUSSIAN)):
        slug = derived_slug(name)
        page = (site / "mitra" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<h1 id="mitra">{name}</h1>' in page and record_id in page
        agreement = (site / "kerja-sama" / record_id / "index.html").read_text(encoding="utf-8")
        keys = agreement.split('class="ks-agreement__keys"', 1)[1].split("</p>", 1)[0]
        assert name in keys and ({KOREAN, RUSSIAN} - {name}).pop() not in keys
        api = json.loads((site / "api" / "v1" / "kerja-sama" / f"{record_id}.json").read_text(encoding="utf-8"))
        assert [(p["slug"], p["nama"]) for p in api["terhitung"]["mitra"]] == [(slug, name)]
        assert api["terhitung"]["mitra"][0]["url"].endswith(f"/mitra/{slug}/")
    assert not (site / "mitra" / "mitra").exists()


def test_a_long_list_of_other_files_is_cut_short(env: Environment, as_of: dt.date, tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    write(register, "uji-a", partner("PT Bank Kalteng"))
    for letter in "bcde":
        write(register, f"uji-{letter}", partner("PT. Bank Kalteng"))
    result = check(env, as_of, register)
    message = next(d.message for d in result.errors if d.file.endswith("uji-a.yaml"))
    assert message.count("'PT. Bank Kalteng'") == 3 and message.endswith(" dan 1 lainnya.")
