"""``kerjasama tautan``: every ``sumber`` and ``dokumen`` URL of the register, for the link check.

Pure: records in, one :class:`Link` per distinct URL out (sorted), with the records and fields
that cite it, so a broken link in the weekly report leads straight to the files to fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from generator.read.record import Record

FIELDS = ("sumber", "dokumen")


@dataclass(frozen=True)
class Link:
    url: str
    cited_by: tuple[tuple[str, str], ...]
    """(record id, field) pairs, sorted."""


def collect(records: Iterable[Record]) -> tuple[Link, ...]:
    cited: dict[str, set[tuple[str, str]]] = {}
    for record in records:
        for name in FIELDS:
            for entry in record.get(name, ()) or ():
                url = entry.get("url")
                if isinstance(url, str) and url:
                    cited.setdefault(url, set()).add((record.id, name))
    return tuple(Link(url, tuple(sorted(pairs))) for url, pairs in sorted(cited.items()))


def to_text(links: Iterable[Link]) -> str:
    return "".join(f"{link.url}\n" for link in links)


def to_json(links: Iterable[Link]) -> str:
    data = [{"url": link.url, "dirujuk": [{"id": rid, "kolom": name} for rid, name in link.cited_by]}
            for link in links]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
