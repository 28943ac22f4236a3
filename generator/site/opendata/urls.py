"""Where each open-data output is published (paths relative to the site root)."""

from __future__ import annotations

from urllib.parse import urlsplit

from generator.derive.siteurls import agreement_url, partner_url

API = "api/v1/"
API_LIST = API + "kerja-sama.json"
API_RADAR = API + "segera-berakhir.json"
API_STATS = API + "statistik.json"
API_OPENAPI = API + "openapi.json"
API_SCHEMA = API + "kerja-sama.schema.json"
CSV = "data/kerja-sama.csv"
CALENDAR_ALL = "kalender/semua.ics"
FEED = "feed/atom.xml"
PAGE = "data-terbuka/"
DICTIONARY = "data-terbuka/kamus-data/"

# Calendar groups: URL folder -> which index grouping it follows.
CALENDAR_GROUPS = {"mitra": "partners", "urusan": "by_sector", "perangkat-daerah": "by_unit"}


def api_record(record_id: str) -> str:
    return f"{API}kerja-sama/{record_id}.json"


# The page URLs are the catalogue's contract; one definition serves both.
agreement = agreement_url
partner = partner_url


def badge(record_id: str) -> str:
    return f"lencana/{record_id}.svg"


def calendar(group: str, key: str) -> str:
    return f"kalender/{group}/{key}.ics"


def absolute(site_url: str, path: str) -> str:
    """``https://host/`` + ``api/v1/x.json``; the site URL always ends with a slash."""
    return site_url.rstrip("/") + "/" + path


def host(site_url: str) -> str:
    """Host name of the site, for calendar UIDs and feed tag URIs (no port)."""
    return urlsplit(site_url).hostname or "localhost"
