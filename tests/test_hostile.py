"""The hostile corpus (tests/hostile/): refused files are refused where the manifest says, and
every payload in every free-text field stays valid and reaches the site as literal text only."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from html import escape as html_escape
from pathlib import Path

import pytest
from hostile.corpus import (
    MANIFEST,
    PAYLOADS,
    REFUSE_DIR,
    REPO,
    TEXT_DIR,
    HostileCase,
    build_register,
    field_of,
    schema_text_fields,
    twin_text,
)

from generator.check.validate import Environment, Result, validate
from generator.commands.build import ValidationFailed, generate
from generator.diagnostics import Severity
from generator.project import Project
from generator.read import siteconfig
from generator.verify.postbuild import check_inventory, scan_site
from generator.verify.sitescan import Element, Scanner, parse_html

REFUSED = MANIFEST["tolak"]


def test_corpus_is_large_and_fully_declared() -> None:
    files = sorted(p.name for p in REFUSE_DIR.iterdir())
    assert len(files) >= 30
    assert sorted(case["berkas"] for case in REFUSED) == files
    assert len(PAYLOADS) >= 30
    assert len({p.name for p in PAYLOADS}) == len(PAYLOADS)
    assert sorted(case["berkas"] for case in MANIFEST["teks"]) == sorted(p.name for p in TEXT_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def refused(as_of: dt.date) -> Result:
    env = Environment.load(Project(REPO, register=REFUSE_DIR))
    return validate(env, as_of)


@pytest.mark.parametrize("case", REFUSED, ids=[c["berkas"] for c in REFUSED])
def test_hostile_file_is_refused_with_located_diagnostic(refused: Result, case: dict) -> None:  # type: ignore[type-arg]
    file = Project(REPO).relative(REFUSE_DIR / case["berkas"])
    errors = [d for d in refused.errors if d.file == file]
    found = {(d.code, d.line) for d in errors}
    expected = {(code, line) for code, line in case["harapan"]}
    assert expected <= found, f"{case['bahaya']}: expected {sorted(expected)}, got {sorted(found)}"
    assert {d.code for d in errors} <= {code for code, _ in expected}, sorted(found)
    assert file not in {r.file for r in refused.records}


def test_cli_reports_every_hostile_file_without_traceback() -> None:
    run = subprocess.run([sys.executable, "-m", "generator", "validate", "--format", "json", str(REFUSE_DIR)],
                         cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    for case in REFUSED:
        assert case["berkas"] in run.stdout


# --- payloads as data ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def register(env: Environment, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[HostileCase]]:
    dest = tmp_path_factory.mktemp("hostile-validate")
    return dest, build_register(env.schema, dest)


def test_every_payload_reaches_every_free_text_field(env: Environment, register) -> None:  # type: ignore[no-untyped-def]
    """dasar-lengkap.yaml fills every free-text field of the schema except pengakhiran.keterangan
    (it needs status diakhiri_lebih_awal; teks/teks-diakhiri.yaml carries payloads there)."""
    _, cases = register
    allowed = set(schema_text_fields(env.schema))
    assert ("judul",) in allowed
    assert ("para_pihak", "[]", "nama") in allowed
    full = [c for c in cases if c.twin_id]
    assert len(full) == len(PAYLOADS)
    for case in full:
        reached = {field_of(env.schema, path) for path in case.paths}
        too_long = {f for f in allowed if len(case.payload.text) > _max_length(env, f)}
        assert reached == allowed - too_long - {("pengakhiran", "keterangan")}, case.payload.name


def _max_length(env: Environment, field: tuple[str, ...]) -> int:
    node = env.schema.resolve(env.schema.document)
    for part in field:
        child = node.get("items") if part == "[]" else node.get("additionalProperties") if part == "*" \
            else node["properties"][part]
        node = env.schema.resolve(child)
    return int(node.get("maxLength", 10**6))


def test_payloads_are_valid_data(register, as_of: dt.date) -> None:  # type: ignore[no-untyped-def]
    dest, cases = register
    env = Environment.load(Project(REPO, register=dest))
    result = validate(env, as_of)
    assert [(d.file, d.code, d.json_path) for d in result.errors] == []
    ids = {r.id for r in result.records}
    assert {c.record_id for c in cases} <= ids


# --- payloads on the built site ----------------------------------------------------------------
def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _article(site: Path, record_id: str) -> tuple[list[Element], str]:
    """The agreement page's root element subtree (as elements) and its text content."""
    html = (site / "kerja-sama" / record_id / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="ks-agreement"')
    end = html.index("</article>", start)
    page = parse_html(html[start:end + len("</article>")])
    return page.elements, _squash(" ".join(page.text))


def _shape(elements: list[Element]) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.tag, tuple(sorted(e.attrs))) for e in elements]


def test_hostile_site_passes_scanner_and_inventory(hostile_site) -> None:  # type: ignore[no-untyped-def]
    built = hostile_site.built
    assert scan_site(built.project, built.site, built.generated) == []
    assert check_inventory(built.project, built.site, built.generated) == []


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=[p.name for p in PAYLOADS])
def test_payload_is_literal_text_and_creates_no_markup(hostile_site, index: int) -> None:  # type: ignore[no-untyped-def]
    site = hostile_site.built.site
    payload = PAYLOADS[index]
    full, real = (c for c in hostile_site.cases if c.payload == payload)
    elements, text = _article(site, full.record_id)
    twin_elements, twin = _article(site, full.twin_id)
    literal = _squash(payload.text)
    assert literal in text, f"{payload.name}: not shown as text on /kerja-sama/{full.record_id}/"
    assert text.count(literal) == twin.count(_squash(twin_text(payload.text)))
    assert _shape(elements) == _shape(twin_elements), f"{payload.name}: markup differs from the neutral twin"
    _, real_text = _article(site, real.record_id)
    assert literal in real_text


def test_catalogue_rows_keep_their_shape(hostile_site) -> None:  # type: ignore[no-untyped-def]
    site = hostile_site.built.site
    rows: dict[str, list[Element]] = defaultdict(list)
    current = None
    for element in parse_html((site / "katalog" / "index.html").read_text(encoding="utf-8")).elements:
        if element.tag == "tr":
            current = element.attrs.get("data-id")
        if current:
            rows[current].append(element)
    for case in hostile_site.cases:
        if case.twin_id:
            assert _shape(rows[case.record_id]) == _shape(rows[case.twin_id]), case.payload.name


@pytest.mark.parametrize("case", MANIFEST["teks"], ids=[c["berkas"] for c in MANIFEST["teks"]])
def test_hand_written_payloads_are_literal(hostile_site, case: dict) -> None:  # type: ignore[type-arg, no-untyped-def]
    _, text = _article(hostile_site.built.site, case["berkas"].removesuffix(".yaml"))
    for literal in case["harus_tampil"]:
        assert _squash(literal) in text


def test_snippet_include_pulls_nothing_in(hostile_site) -> None:  # type: ignore[no-untyped-def]
    for path in hostile_site.built.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".csv", ".ics"}:
            data = path.read_text(encoding="utf-8", errors="replace")
            assert "repositoryformatversion" not in data, path
            assert "root:x:0:0" not in data, path


def test_warnings_only_for_hostile_register(hostile_site) -> None:  # type: ignore[no-untyped-def]
    result = hostile_site.built.generated.result
    assert all(d.severity is Severity.WARNING for d in result.diagnostics)


# --- personal data in every spelling (issue 19) -------------------------------------------------
PERSONAL = MANIFEST["data_pribadi"]


def _carriers(real_site, form: str) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """``form`` as each built file could carry it: (published path, file text)."""
    html = (real_site.site / "panduan" / "kode-diagnostik" / "index.html").read_text(encoding="utf-8")
    # Split by inline markup at the space nearest the middle (the scanner reads inline pieces
    # apart by a space, so a split inside a word such as "at" would make another text).
    spaces = [i for i, c in enumerate(form) if c.isspace()]
    half = min(spaces, key=lambda i: abs(i - len(form) // 2)) if spaces else len(form) // 2
    escaped = html_escape(form)

    def page(body: str) -> str:
        return html.replace("</article>", body + "</article>")

    return {
        "teks": ("kerja-sama/x/index.html", page(f"<p>Catatan: {escaped}</p>")),
        "sel-tabel": ("katalog/index.html", page(f"<table><tr><td>{escaped}</td><td>2024</td></tr></table>")),
        "markup-sebaris": ("kerja-sama/x/index.html",
                           page(f"<p>Hubungi <b>{html_escape(form[:half])}</b>{html_escape(form[half:])}</p>")),
        "atribut": ("kerja-sama/x/index.html", page(f'<span title="{escaped}">x</span>')),
        "api": ("api/v1/kerja-sama.json", json.dumps({"kerja_sama": [{"id": "x", "catatan": form}]})),
        "csv": ("data/kerja-sama.csv", f'id,catatan\nx,"{form}"\n'),
    }


@pytest.mark.parametrize("form", PERSONAL)
def test_post_build_scan_catches_every_spelling_in_every_built_file(real_site, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    form: str) -> None:
    for carrier, (rel, text) in _carriers(real_site, form).items():
        path = tmp_path / Path(rel).name
        path.write_text(text, encoding="utf-8")
        scanner = Scanner(real_site.site, real_site.project.docs, "localhost:8000")
        if rel.endswith(".html"):
            scanner.scan_markup(path, rel)
        else:
            scanner.scan_data(path, rel)
        assert [d for d in scanner.problems if d.code == "situs-data-pribadi"] != [], f"{carrier}: {form!r}"


def test_no_spelling_reaches_a_build(tmp_path: Path, as_of: dt.date) -> None:
    """Every refused personal-data file stops the build before any page is written."""
    register = tmp_path / "agreements"
    shutil.copytree(REPO / "agreements", register)
    leaky = sorted(REFUSE_DIR.glob("data-pribadi-*.yaml"))
    assert len(leaky) >= 12
    for path in leaky:
        shutil.copy2(path, register / path.name)
    project = Project(REPO, register=register)
    with pytest.raises(ValidationFailed) as refused:
        generate(project, as_of, siteconfig.load(REPO))
    flagged = {d.file for d in refused.value.result.errors if d.code == "data-pribadi"}
    assert flagged == {project.relative(register / path.name) for path in leaky}
