"""The site's public URL scheme for agreements and partners: a contract other sites, feeds and
bookmarks rely on, defined once (the model's rows, the pages and the open data link by it)."""

from __future__ import annotations

AGREEMENT_FOLDER = "kerja-sama"
"""The folder of every agreement page (``kerja-sama/<id>/``)."""


def agreement_path(record_id: str) -> str:
    return f"{AGREEMENT_FOLDER}/{record_id}.md"


def agreement_url(record_id: str) -> str:
    """The stable public URL of an agreement (a contract other pages and feeds rely on)."""
    return f"{AGREEMENT_FOLDER}/{record_id}/"


def partner_path(slug: str) -> str:
    return f"mitra/{slug}.md"


def partner_url(slug: str) -> str:
    return f"mitra/{slug}/"
