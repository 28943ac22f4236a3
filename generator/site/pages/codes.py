"""The diagnostic codes page, generated from the catalogue (so it can never drift from code)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import CATALOGUE
from generator.site.page import Page, SiteContext, markdown_page

PATH = "panduan/kode-diagnostik.md"
STAGES = {
    "berkas": "Berkas",
    "yaml": "Struktur YAML",
    "skema": "Skema JSON",
    "aturan": "Aturan antarkolom dan antarnaskah",
    "tabel": "Impor tabel (kerjasama tabel impor)",
    "situs": "Situs hasil bangun",
}


def pages(ctx: SiteContext) -> Iterator[Page]:
    groups = [
        (title, sorted(((code, info) for code, info in CATALOGUE.items() if info.stage == stage)))
        for stage, title in STAGES.items()
    ]
    body = ctx.render("codes.html", groups=groups)
    yield markdown_page(PATH, "Kode diagnostik", body)
