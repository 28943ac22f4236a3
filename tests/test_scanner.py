"""The post-build scanner: accepts the clean real site and office contacts, rejects each hazard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import located, make_site_project

from generator.commands import cli
from generator.commands.build import POSTBUILD_CHECKS
from generator.diagnostics import CATALOGUE
from generator.verify.postbuild import check_inventory, scan_site
from generator.verify.sitescan import THEME_DIR, Scanner

SITE_CODES = {code for code, info in CATALOGUE.items() if info.stage == "situs"}

PAGE = "panduan/contoh/index.html"


def page_with(real_site, body: str) -> str:  # type: ignore[no-untyped-def]
    """A real built page (theme scripts and all) with ``body`` inserted into its content."""
    html = (real_site.site / "panduan" / "kode-diagnostik" / "index.html").read_text(encoding="utf-8")
    marker = "</article>"
    assert html.count(marker) == 1
    return html.replace(marker, body + marker)


def scan_one(real_site, tmp_path: Path, body: str, rel: str = PAGE) -> list[str]:  # type: ignore[no-untyped-def]
    """Scan one page as if it were published at ``rel`` in the real site."""
    path = tmp_path / Path(rel).name
    path.write_text(page_with(real_site, body) if rel.endswith(".html") else body, encoding="utf-8")
    scanner = Scanner(real_site.site, real_site.project.docs, "localhost:8000")
    if rel.endswith((".html", ".svg")):
        scanner.scan_markup(path, rel)
    elif rel.endswith(".css"):
        scanner.scan_css(path, rel)
    else:
        scanner.scan_data(path, rel)
    assert {d.code for d in scanner.problems} <= SITE_CODES
    return located(scanner.problems)


def test_checks_are_registered() -> None:
    assert scan_site in POSTBUILD_CHECKS
    assert check_inventory in POSTBUILD_CHECKS


def test_clean_real_site_passes(real_site) -> None:  # type: ignore[no-untyped-def]
    assert scan_site(real_site.project, real_site.site, real_site.generated) == []
    assert check_inventory(real_site.project, real_site.site, real_site.generated) == []


HAZARDS = [
    ("inline-script", "<script>window.__pwned=1</script>", "skrip sebaris tidak dikenal"),
    ("script-src-foreign", '<script src="https://evil.example/x.js"></script>', "bukan aset tema"),
    ("script-src-missing", '<script src="../../assets/javascripts/evil.js"></script>', "bukan aset tema"),
    ("script-src-up", '<script src="../../../../etc/x.js"></script>', "bukan aset tema"),
    ("script-template", '<script type="text/template">x</script>', "tidak dikenal"),
    ("script-fake-config", '<script id="__config" type="application/json">{"search": "https://evil.example/w.js"}</script>',
     "tidak dikenal"),
    ("onerror", '<img src="../../assets/images/favicon.png" onerror="alert(1)">', "penangan peristiwa onerror="),
    # Comments a browser closes earlier than Python's html.parser: the script would run unseen.
    ("comment-bang-close", "<!-- x --!><script>window.__pwned=1</script> -->", "komentar HTML yang ditutup tidak baku"),
    ("comment-abrupt", "<!--><script>window.__pwned=1</script>-->", "komentar HTML yang ditutup tidak baku"),
    ("comment-abrupt-dash", "<!---><script>window.__pwned=1</script>-->", "komentar HTML yang ditutup tidak baku"),
    # A repeated attribute: browsers use the first value.
    ("duplicate-href", '<a href="javascript:alert(1)" href="../../">x</a>', "javascript:"),
    ("onclick-upper", '<p ONCLICK="alert(1)">x</p>', "penangan peristiwa onclick="),
    ("svg-onload", '<svg onload="alert(1)"></svg>', "penangan peristiwa onload="),
    ("href-javascript", '<a href="javascript:alert(1)">x</a>', "URL javascript:"),
    ("href-javascript-obfuscated", '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "URL javascript:"),
    ("href-data", '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "URL data:"),
    ("href-vbscript", '<a href="vbscript:msgbox(1)">x</a>', "URL vbscript:"),
    ("form-action", '<form action="javascript:alert(1)"></form>', "URL javascript:"),
    ("formaction", '<button formaction="javascript:alert(1)">x</button>', "URL javascript:"),
    ("srcset", '<img srcset="../../assets/images/favicon.png 1x, javascript:alert(1) 2x">', "URL javascript:"),
    ("style-javascript", '<div style="background:url(javascript:alert(1))">x</div>', "URL javascript:"),
    ("style-data", "<div style=\"background:url('data:image/png;base64,AAAA')\">x</div>", "URL data:"),
    ("svg-use-javascript", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "URL javascript:"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "URL javascript:"),
    ("iframe", '<iframe src="../../"></iframe>', "elemen <iframe>"),
    ("object", '<object data="../../x.pdf"></object>', "elemen <object>"),
    ("embed", '<embed src="../../x.swf">', "elemen <embed>"),
    ("base", '<base href="https://evil.example/">', "elemen <base>"),
    ("srcdoc", '<div srcdoc="&lt;script&gt;">x</div>', "srcdoc"),
    ("img-foreign", '<img src="https://cdn.example/x.png" alt="">', "host lain (cdn.example)"),
    ("img-protocol-relative", '<img src="//cdn.example/x.png" alt="">', "host lain (cdn.example)"),
    ("stylesheet-foreign", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
     "host lain (fonts.googleapis.com)"),
    ("preload-foreign", '<link rel="preload" as="font" href="https://fonts.gstatic.com/x.woff2">', "host lain"),
    ("icon-foreign", '<link rel="icon" href="http://evil.example/favicon.ico">', "host lain"),
    ("preconnect-foreign", '<link rel="preconnect" href="https://cdn.example">', "host lain"),
    ("style-import", '<style>@import "https://evil.example/x.css";</style>', "host lain (evil.example)"),
    ("style-url", "<style>body{background:url(https://evil.example/x.png)}</style>", "host lain"),
    ("svg-use-foreign", '<svg><use href="https://evil.example/s.svg#a"></use></svg>', "host lain"),
    ("video-poster", '<video poster="https://evil.example/p.png"></video>', "host lain"),
    ("nik", "<p>NIK pemohon 6271011203850001</p>", "NIK"),
    ("mobile", "<p>Hubungi 0812-5123-4567</p>", "seluler"),
    ("mobile-intl", "<td>+62 813 4987 6543</td>", "seluler"),
    ("personal-mail", "<p>budi.santoso88@gmail.com</p>", "surel"),
    ("personal-mailto", '<a href="mailto:budi.santoso88%40gmail.com">kirim</a>', "surel"),
    ("personal-title", '<span title="HP 081251234567">x</span>', "seluler"),
    ("personal-split-inline", "<p>Hubungi <b>0812</b>51234567</p>", "seluler"),
]


@pytest.mark.parametrize(("body", "expected"), [h[1:] for h in HAZARDS], ids=[h[0] for h in HAZARDS])
def test_scanner_rejects_hazard(real_site, tmp_path: Path, body: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    problems = scan_one(real_site, tmp_path, body)
    assert problems, f"not detected: {body}"
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{PAGE}:") for p in problems)


CLEAN = [
    ("source-link", '<a href="https://jurnalborneo.co.id/berita/1" rel="nofollow noopener">sumber</a>'),
    ("office-phone", "<p>Telepon kantor (0536) 3221234; faks 0536-3226477</p>"),
    ("office-mail", '<p><a href="mailto:bagian.kerjasama@palangkaraya.go.id">bagian.kerjasama@palangkaraya.go.id</a></p>'),
    ("university-mail", "<p>humas@upr.ac.id</p>"),
    ("sha256", "<code>0123456789012345678901234567890123456789012345678901234567891234</code>"),
    ("hex-with-16-digits", "<code>ab1234567890123456cd1234567890123456789012345678901234567890ef12</code>"),
    ("theme-image", '<img src="../../assets/images/favicon.png" alt="logo">'),
    ("theme-script", '<script src="../../assets/javascripts/bundle.{bundle}"></script>'),
    ("canonical-elsewhere", '<link rel="canonical" href="https://kerjasama.palangkaraya.go.id/">'),
    ("alternate-feed", '<link rel="alternate" type="application/atom+xml" href="../../feed/atom.xml">'),
    ("same-host", '<img src="http://localhost:8000/assets/images/favicon.png" alt="">'),
    ("inline-style", '<div style="color: #1b5e20; background: url(../../assets/images/favicon.png)">x</div>'),
    ("agreement-number", "<p>Nomor 180/123/HK/2024 dan 119/PKS/IV/2024</p>"),
    # Counts in neighbouring cells are not one telephone number or NIK (home page at 20,000 agreements).
    ("count-table", "<table><tr><td>2015</td><td>0</td><td>840</td><td>2014</td><td>0</td><td>142</td>"
                    "<td>620</td></tr><tr><td>1234</td><td>5678</td><td>9012</td><td>3456</td></tr></table>"),
    ("money", "<p>Rp1.250.000.000 dan 2024-05-22</p>"),
    ("literal-payloads", "<p>&lt;script&gt;window.__pwned=1&lt;/script&gt; [x](javascript:alert(1)) {: onclick=\"x\" }</p>"),
    ("word-on", '<p data-on="x" class="online">on</p>'),
]


@pytest.mark.parametrize("body", [c[1] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_scanner_accepts_clean_markup(real_site, tmp_path: Path, body: str) -> None:  # type: ignore[no-untyped-def]
    bundle = next((real_site.site / "assets" / "javascripts").glob("bundle.*.min.js")).name.removeprefix("bundle.")
    assert scan_one(real_site, tmp_path, body.replace("{bundle}", bundle)) == []


def test_tampered_theme_script_is_rejected(real_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Same path as the theme's bundle, different bytes: not the theme's script."""
    bundle = next((real_site.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "javascripts" / bundle.name).write_bytes(bundle.read_bytes() + b";window.__pwned=1")
    (site / "index.html").write_text(f'<script src="assets/javascripts/{bundle.name}"></script>', encoding="utf-8")
    problems = Scanner(site, real_site.project.docs, "localhost:8000").scan()
    assert [d.code for d in problems] == ["situs-skrip"]
    assert located(problems) == [f"index.html:1: skrip 'assets/javascripts/{bundle.name}' bukan aset tema atau aset proyek "
                        "yang tercatat"]
    assert (THEME_DIR / "assets" / "javascripts" / bundle.name).is_file()


@pytest.mark.parametrize(("rel", "content", "expected"), [
    ("lencana/x.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    ("lencana/x.svg", '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/a.png"/></svg>',
     "host lain"),
    ("assets/x.css", "@import url('https://evil.example/a.css');", "host lain (evil.example)"),
    ("assets/x.css", "a{background:url(javascript:alert(1))}", "javascript:"),
    ("api/v1/x.json", json.dumps({"catatan": "kontak 0812 5123 4567"}), "seluler"),
    ("data/x.csv", "id,catatan\nx,NIK 6271011203850001\n", "NIK"),
    ("kalender/x.ics", "BEGIN:VCALENDAR\nDESCRIPTION:budi88@yahoo.co.id\nEND:VCALENDAR\n", "surel"),
    ("feed/atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
                      "&lt;img src=x onerror=alert(1)&gt;</content></entry></feed>", "onerror="),
    ("feed/atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary type="html">'
                      "&lt;script&gt;alert(1)&lt;/script&gt;</summary></entry></feed>", "<script> di dalam isi umpan"),
    ("feed/atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">'
                      '<div xmlns="http://www.w3.org/1999/xhtml"><a href="javascript:alert(1)">x</a></div>'
                      "</content></entry></feed>", "URL javascript:"),
], ids=["svg-script", "svg-foreign-image", "css-import", "css-javascript", "json-mobile", "csv-nik", "ics-mail",
        "feed-html-handler", "feed-html-script", "feed-xhtml-javascript"])
def test_scanner_rejects_files(real_site, tmp_path: Path, rel: str, content: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    problems = scan_one(real_site, tmp_path, content, rel)
    assert any(expected in p and p.startswith(rel) for p in problems), problems


@pytest.mark.parametrize(("rel", "content"), [
    ("lencana/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Berlaku</title>'
                      '<rect fill="#2e7d32" width="10" height="10"/></svg>'),
    ("api/v1/x.json", json.dumps({"url": "https://x.example/6271011203850001", "sha256": "1" * 64,
                                  "kontak": "diskominfo@palangkaraya.go.id"})),
    ("data/x.csv", "id,sumber_url\nx,https://x.example/6271011203850001\n"),
    ("assets/vendor/lib/LICENSE.txt", "Copyright (c) Jane Doe <jane.doe@gmail.com>"),
    ("feed/atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lt;script&gt;x&lt;/script&gt;</title>'
                      "<summary>&lt;img src=x onerror=alert(1)&gt; as text</summary></entry></feed>"),
], ids=["svg-badge", "json-url-and-office-mail", "csv-url-column", "vendor-licence", "feed-text-payload"])
def test_scanner_accepts_files(real_site, tmp_path: Path, rel: str, content: str) -> None:  # type: ignore[no-untyped-def]
    assert scan_one(real_site, tmp_path, content, rel) == []


@pytest.mark.slow
def test_build_command_fails_on_injected_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`kerjasama build` (what `make site` runs) stops when the scanner finds a hazard."""
    project = make_site_project(tmp_path / "repo")
    (project.docs / "catatan.md").write_text("# Catatan\n\n<img src=x onerror=\"window.__pwned=1\">\n",
                                             encoding="utf-8")
    code = cli.main(["--root", str(project.root), "build", "--as-of", "2026-11-27",
                     "--site-dir", str(tmp_path / "site")])
    assert code == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "situs/catatan/index.html:" in err and "galat [situs-konten-aktif]" in err
    assert "atribut penangan peristiwa onerror= pada <img>" in err
    assert not (tmp_path / "site").exists()  # a site that failed its checks is never published
