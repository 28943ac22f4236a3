"""Every payload of the hostile corpus, in every free-text field, is shown as text in Chromium and
never executes: window.__pwned (set by every payload that could run) stays undefined, no dialog
opens, and nothing is requested from another host (the open_page fixture fails the test)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hostile.corpus import MANIFEST, PAYLOADS

PWNED = "() => typeof window.__pwned"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_inert(page: Any) -> None:
    assert page.evaluate(PWNED) == "undefined"
    assert page.locator("iframe, object, embed, base").count() == 0


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=[p.name for p in PAYLOADS])
def test_payload_is_shown_and_never_runs(hostile_site, served_hostile, open_page, index: int) -> None:  # type: ignore[no-untyped-def]
    payload = PAYLOADS[index]
    for case in (c for c in hostile_site.cases if c.payload == payload):
        page, _ = open_page(served_hostile.page_url(f"kerja-sama/{case.record_id}/"))
        page.mouse.move(200, 300)  # hover handlers, if any had been created
        assert_inert(page)
        article = page.locator(f'article.ks-agreement[data-id="{case.record_id}"]')
        assert squash(payload.text) in squash(article.text_content() or "")
        if case.twin_id:  # the title (h1) is rendered, as text, where people read it
            assert squash(payload.text) in squash(page.locator("h1").first.inner_text())


@pytest.mark.parametrize("case", MANIFEST["teks"], ids=[c["berkas"] for c in MANIFEST["teks"]])
def test_hand_written_payloads_are_shown_and_never_run(served_hostile, open_page, case: dict) -> None:  # type: ignore[type-arg, no-untyped-def]
    record_id = case["berkas"].removesuffix(".yaml")
    page, _ = open_page(served_hostile.page_url(f"kerja-sama/{record_id}/"))
    assert_inert(page)
    text = squash(page.locator("article.ks-agreement").text_content() or "")
    for literal in case["harus_tampil"]:
        assert squash(literal) in text


def partner_pages(hostile_site) -> list[str]:  # type: ignore[no-untyped-def]
    ids = {c.record_id for c in hostile_site.cases}
    return sorted(f"mitra/{p.slug}/" for p in hostile_site.built.generated.index.partners.values()
                  if any(r.id in ids for r in p.records))


def test_listing_pages_never_run_payloads(hostile_site, served_hostile, open_page) -> None:  # type: ignore[no-untyped-def]
    """Pages that list the hostile agreements: home, catalogue (filters on), mapping, expiry and every
    partner page whose name carries a payload."""
    pages = ["", "katalog/?q=pwned", "pemetaan/", "masa-berlaku/", "evaluasi/", "sop/", *partner_pages(hostile_site)]
    assert len(pages) > 10
    page, _ = open_page(served_hostile.page_url(""))
    for path in pages:
        assert (served_hostile.root / path.split("?")[0] / "index.html").is_file(), path
        page.goto(served_hostile.page_url(path), wait_until="load")
        page.mouse.move(300, 300)
        assert_inert(page)


def test_search_results_never_run_payloads(served_hostile, open_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(served_hostile.page_url("cari/"))
    box = page.locator("input.pagefind-ui__search-input")
    box.click()
    box.press_sequentially("pwned script onerror", delay=10)
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15_000)
    assert page.locator(".pagefind-ui__result").count() > 0
    page.mouse.move(400, 200)
    assert_inert(page)
    assert page.locator(".pagefind-ui__results img, .pagefind-ui__results svg[onload], "
                        ".pagefind-ui__results script").count() == 0
