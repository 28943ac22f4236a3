"""The site's settings as values: what ``mkdocs.yml`` ``extra.kerjasama`` configures.

A leaf module without MkDocs: the derive stage, the page families and the command line read
these values; generator/read/siteconfig.py turns an MkDocs configuration into them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteConfig:
    """Settings that come from ``mkdocs.yml`` ``extra.kerjasama`` or the environment."""

    site_url: str = "http://localhost:8000/"
    repo_url: str = ""
    edit_branch: str = "main"
    thresholds: tuple[int, ...] = (180, 90, 30)
    evaluation_months: int = 6
    """The renewal evaluation starts this many months before the end date."""
    decision_days: int = 90
    """The renewal decision is due this many days before the end date."""
