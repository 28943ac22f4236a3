"""The proposal form (/usulkan/) in Chromium: the file it writes is the one `kerjasama baru` writes
for the same answers and `kerjasama validate` accepts it; the schema's errors are shown; GitHub's
new-file and edit addresses are built right; a long file is offered as copy and download; no
JavaScript means a pointer to the guide; the page fits a phone.

``KERJASAMA_FORM_SCREENSHOTS=docs/assets/panduan`` writes the guide's screenshots
(docs/panduan/usulkan.md) while the tests run; the assertions do not depend on them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from generator.commands.cli import main
from generator.project import Project
from generator.read.loader import load_file

REPO = Path(__file__).resolve().parent.parent.parent
AS_OF = "2026-11-27"
NEW_ID = "2024-kejari-datun-satpol-pp-formulir"
EDITED = "2024-kejari-datun-satpol-pp"
MAX_URL = 8000

# The answers, once as `kerjasama baru` flags and once as what a person types into the form.
ANSWERS: dict[str, Any] = {
    "id": NEW_ID,
    "judul": "Perjanjian Kerja Sama Penanganan Masalah Hukum Bidang Perdata dan Tata Usaha Negara",
    "jenis_naskah": "perjanjian_kerja_sama",
    "kategori": "sinergi",
    "mitra": "Kejaksaan Negeri Palangka Raya",
    "jenis_mitra": "kementerian_lembaga",
    "perangkat_daerah": "satpol_pp",
    "maksud_tujuan": "Pendampingan hukum kepada Satpol PP dalam penegakan Perda: 'datun'.",
    "objek": "Penanganan masalah hukum bidang perdata dan tata usaha negara",
    "ruang_lingkup": "Pendampingan hukum penegakan Perda",
    "urusan": ["ketenteraman_ketertiban_umum_pelindungan_masyarakat", "penunjang_hukum"],
    "status": "ditandatangani",
    "tanggal_tanda_tangan": "2024-05-22",
    "tanggal_berakhir": "2026-05-21",
    "penandatangan_kota": "kepala_perangkat_daerah",
    "sumber_url": "https://jurnalborneo.co.id/",
    "sumber_penerbit": "jurnalborneo.co.id",
    "sumber_tanggal": "2024-05-22",
    "tingkat_kepastian": "media",
}


def flags(answers: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            out += [f"--{key.replace('_', '-')}", item]
    return out


def ready(page: Any) -> None:
    page.wait_for_selector("#ks-usulkan[data-siap='1']", timeout=20_000)


def field(name: str) -> str:
    return "[name='naskah" + "".join(f"[{part}]" for part in name.split(".")) + "']"


def fill(page: Any, answers: dict[str, Any]) -> None:
    """Type the answers into the form as a person would (selects by their code)."""
    selects = {"jenis_naskah", "kategori", "perangkat_daerah", "status", "penandatangan_kota", "tingkat_kepastian"}
    for key in ("id", "judul", "maksud_tujuan", "objek", "tanggal_tanda_tangan", "tanggal_berakhir"):
        if key in answers:
            page.fill(field(key), answers[key])
    for key in selects & answers.keys():
        page.select_option(field(key), answers[key])
    page.fill(field("para_pihak.1.nama"), answers["mitra"])
    page.select_option(field("para_pihak.1.jenis_pihak"), answers["jenis_mitra"])
    page.fill(field("ruang_lingkup.0"), answers["ruang_lingkup"])
    for code in answers["urusan"]:
        page.locator("[data-schemapath='naskah.urusan'] label", has_text=f"({code})").locator("input").check()
    page.fill(field("sumber.0.url"), answers["sumber_url"])
    page.fill(field("sumber.0.penerbit"), answers["sumber_penerbit"])
    page.fill(field("sumber.0.tanggal"), answers["sumber_tanggal"])


def check(page: Any) -> None:
    page.click("#ks-periksa")
    page.wait_for_selector("#ks-hasil:not([hidden]), #ks-galat:not([hidden])")


def errors(page: Any) -> dict[str, str]:
    items = page.locator("#ks-galat li")
    found: dict[str, str] = {}
    for i in range(items.count()):
        path = items.nth(i).get_attribute("data-path")
        found[path] = (found.get(path, "") + "\n" + items.nth(i).inner_text()).strip()
    return found


def screenshot(page: Any, name: str, selector: str | None = None) -> None:
    folder = os.environ.get("KERJASAMA_FORM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.add_style_tag(content=".md-header { position: static; }")  # not over the element shown
        target = page.locator(selector).first if selector else page
        target.screenshot(path=str(Path(folder) / f"usulkan-{name}.png"))


@pytest.fixture
def register(tmp_path: Path) -> Project:
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "agreements", tmp_path / "agreements")
    return Project(tmp_path)


def _data_lines(text: str) -> str:
    """A file of `kerjasama baru` without its explanatory comments and blank lines (the modeline stays)."""
    lines = text.splitlines(keepends=True)
    return lines[0] + "".join(line for line in lines[1:] if line.strip() and not line.lstrip().startswith("#"))


def validate(project: Project, *paths: Path) -> int:
    return main(["--root", str(project.root), "validate", "--as-of", AS_OF, *map(str, paths)])


def test_form_writes_what_kerjasama_baru_writes_and_it_validates(served_real, open_page, register) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(served_real.page_url("usulkan/"), width=360, height=800)
    ready(page)
    screenshot(page, "1-formulir")
    fill(page, ANSWERS)
    check(page)
    assert errors(page) == {}
    text = page.locator("#ks-yaml").inner_text()
    screenshot(page, "3-hasil", "#ks-hasil")

    assert main(["--root", str(register.root), "baru", "--non-interaktif", "--as-of", AS_OF, *flags(ANSWERS)]) == 0
    written = register.agreements / f"{NEW_ID}.yaml"
    # This file is longer than GitHub's 8 KB address with its comments: the form sends it without
    # them (the full text equals `kerjasama baru`'s: tests/test_formschema.py), same lines otherwise.
    assert page.locator("#ks-ringkas").is_visible()
    assert text == _data_lines(written.read_text(encoding="utf-8"))  # same keys, order, header, quoting
    written.write_text(text, encoding="utf-8", newline="\n")
    assert validate(register, written) == 0

    href = page.locator("#ks-github").get_attribute("href")
    repo = _repo_url(served_real)
    assert href.startswith(f"{repo}/new/main?filename=agreements%2F{NEW_ID}.yaml&value=%23+yaml-language-server")
    assert len(href) <= MAX_URL
    query = parse_qs(urlsplit(href).query, strict_parsing=True)
    assert query == {"filename": [f"agreements/{NEW_ID}.yaml"], "value": [text]}
    assert page.locator("#ks-langkah-url").is_visible()
    assert page.locator("#ks-langkah-salin").is_hidden()
    assert page.locator("#ks-unduh").get_attribute("download") == f"{NEW_ID}.yaml"


def test_other_fields_come_through_kolom_lain(served_real, open_page, register) -> None:  # type: ignore[no-untyped-def]
    """Signed without a known end: the person adds "Masa berlaku tidak diketahui" through the root's
    "Kolom lain" and says ya; the file is again the one `kerjasama baru` writes (which adds it itself)."""
    answers = {k: v for k, v in ANSWERS.items() if k != "tanggal_berakhir"}
    page, _ = open_page(served_real.page_url("usulkan/"))
    ready(page)
    fill(page, answers)
    check(page)
    assert "tanggal_berakhir" in errors(page)["naskah"]  # the allOf rule, with the schema's hint
    controls = page.locator("[data-schemapath='naskah'] > .je-object__controls, "
                            "[data-schemapath='naskah'] > * > .je-object__controls").first
    controls.locator("button.json-editor-btntype-properties").click()
    page.check("#naskah-masa_berlaku_tidak_diketahui")
    controls.locator("button.json-editor-btntype-properties").click()
    page.select_option(field("masa_berlaku_tidak_diketahui"), label="ya (true)")
    check(page)
    assert errors(page) == {}
    assert main(["--root", str(register.root), "baru", "--non-interaktif", "--as-of", AS_OF, *flags(answers)]) == 0
    shown = page.locator("#ks-yaml").inner_text()
    written = (register.agreements / f"{NEW_ID}.yaml").read_text(encoding="utf-8")
    assert shown == (_data_lines(written) if page.locator("#ks-ringkas").is_visible() else written)
    assert page.get_attribute("input.property-selector-input", "placeholder") != "Property name..."


def _repo_url(served: Any) -> str:
    document = json.loads((served.root / "usulkan" / "skema-formulir.json").read_text(encoding="utf-8"))
    assert document["repo"]["url"].startswith("https://github.com/")
    return str(document["repo"]["url"])


def test_form_shows_the_schemas_errors(served_real, open_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(served_real.page_url("usulkan/"), width=360, height=800)
    ready(page)
    answers = {**ANSWERS, "tanggal_tanda_tangan": "2024-02-30", "sumber_tanggal": "22-05-2024"}
    fill(page, answers)
    page.fill(field("judul"), "")
    page.fill(field("id"), "Naskah Baru")
    check(page)
    found = errors(page)
    screenshot(page, "2-galat", "#ks-galat")
    assert page.locator("#ks-hasil").is_hidden()
    assert "Bukan tanggal yang ada di kalender" in found["naskah.tanggal_tanda_tangan"]
    assert "Bentuk isian tidak sesuai" in found["naskah.sumber.0.tanggal"]
    assert "Bentuk isian tidak sesuai" in found["naskah.id"]
    assert "'Judul naskah' belum diisi" in found["naskah"]
    # The same errors stand beside their fields.
    # (the library writes them in the next frame, after its own change handling)
    beside = page.locator("[data-schemapath='naskah.tanggal_tanda_tangan'] .errmsg")
    expect(beside).to_be_visible()
    assert "Bukan tanggal yang ada di kalender" in beside.inner_text()
    # A rule of the schema's allOf: signed needs a signing date (or year).
    page.fill(field("tanggal_tanda_tangan"), "")
    page.fill(field("sumber.0.tanggal"), "2024-05-22")
    page.fill(field("judul"), ANSWERS["judul"])
    page.fill(field("id"), NEW_ID)
    check(page)
    assert list(errors(page)) == ["naskah"]
    assert "tanggal_tanda_tangan" in errors(page)["naskah"]


def test_the_form_does_not_move_under_a_click_before_the_first_check(served_real, open_page) -> None:  # type: ignore[no-untyped-def]
    """A fresh form shows no error line; typing into a list item and leaving it does not move the
    fields below (the library showed "Wajib diisi" under the empty item and hid it on blur, so a
    checkbox clicked right after typing moved between press and release and stayed unticked)."""
    page, _ = open_page(served_real.page_url("usulkan/"), width=360, height=800)
    ready(page)
    assert page.locator("#ks-formulir .errmsg:visible").count() == 0
    box = page.locator("[data-schemapath='naskah.urusan']")
    page.fill(field("ruang_lingkup.0"), ANSWERS["ruang_lingkup"])
    before = page.evaluate("(e) => e.getBoundingClientRect().top + window.scrollY", box.element_handle())
    page.evaluate("document.activeElement.blur()")
    page.wait_for_timeout(200)
    after = page.evaluate("(e) => e.getBoundingClientRect().top + window.scrollY", box.element_handle())
    assert after == before
    # After the first check the errors are shown beside their fields.
    page.fill(field("tanggal_tanda_tangan"), "2024-02-30")
    check(page)
    expect(page.locator("[data-schemapath='naskah.tanggal_tanda_tangan'] .errmsg")).to_be_visible()


def test_long_file_is_offered_as_copy_and_download(served_real, open_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(served_real.page_url("usulkan/"))
    ready(page)
    # Too long even without comments: every "é" takes six characters of the address (%C3%A9).
    fill(page, {**ANSWERS, "maksud_tujuan": "Pendampingan hukum: " + "é" * 2000})
    check(page)
    assert errors(page) == {}
    assert page.locator("#ks-terlalu-panjang").is_visible()
    assert page.locator("#ks-langkah-salin").is_visible()
    href = page.locator("#ks-github").get_attribute("href")
    assert urlsplit(href).query == f"filename=agreements%2F{NEW_ID}.yaml"
    assert page.locator("#ks-unduh").get_attribute("href").startswith("blob:")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#ks-salin")
    page.wait_for_function("document.getElementById('ks-salin-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#ks-yaml").inner_text()


def test_agreement_page_opens_the_form_prefilled_and_ends_at_the_edit_page(served_real, open_page, register) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(served_real.page_url(f"kerja-sama/{EDITED}/"))
    page.click("text=Ubah naskah ini")
    ready(page)
    assert page.input_value(field("id")) == EDITED
    assert page.locator(field("id")).is_disabled()
    check(page)
    assert errors(page) == {}
    repo = _repo_url(served_real)
    assert page.locator("#ks-github").get_attribute("href") == f"{repo}/edit/main/agreements/{EDITED}.yaml"
    assert page.locator("#ks-langkah-salin").is_visible()
    text = page.locator("#ks-yaml").inner_text()
    path = register.agreements / f"{EDITED}.yaml"
    before = load_file(register, path).data
    path.write_text(text, encoding="utf-8", newline="\n")
    assert load_file(register, path).data == before  # nothing lost or changed on the way
    assert validate(register, path) == 0


def test_without_javascript_the_page_says_what_to_do(served_real, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_real.page_url("usulkan/"))
    note = page.locator("noscript, .ks-usulkan-tanpa-js").first.inner_text()
    assert "memerlukan JavaScript" in note
    assert page.locator(".ks-usulkan-tanpa-js a[href$='panduan/menambah/']").count() == 1
    assert page.locator(".ks-usulkan-tanpa-js a[href*='/issues/new?template=']").count() == 1
    assert page.locator("#ks-usulkan").is_hidden()
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_form_fits_the_screen(served_real, open_page, width: int) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(served_real.page_url("usulkan/"), width=width, height=800)
    ready(page)
    page.click("#ks-periksa")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the form is {overflow}px wider than a {width}px screen"
