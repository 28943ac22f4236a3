"""Partner identity: which ``para_pihak`` entries are one partner, and the slug of its page.

One definition, read by the rules (which report names that would share a page) and by the
index (which gives every partner its ``/mitra/<slug>/`` page); no page or template derives a
slug of its own (issue 19).

- An entry with ``id_mitra`` belongs to the partner of that id: several spellings under one
  ``id_mitra`` are one partner by choice, and two equal names under two ids are two partners.
- Otherwise the name is the identity. Two names are one partner when their :func:`normal_name`
  is equal: Unicode NFKC, case folded, runs of whitespace as one space, no leading or trailing
  space. Punctuation counts: ``PT Bank Kalteng`` and ``PT. Bank Kalteng`` are two spellings.
- A name without ``id_mitra`` that is used with exactly one ``id_mitra`` elsewhere joins that
  partner; used with two, it is ambiguous (``id-mitra-bentrok``).
- Any other name gets its :func:`derived_slug`. Two different names with one derived slug are
  reported (``mitra-bentrok``), and so is a derived slug equal to an ``id_mitra`` used for other
  names (``id-mitra-bentrok``). Should such a register reach the index anyway, each name that
  lost its slug gets the slug plus a digest of its name, so pages still never merge partners.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from babel import Locale

from generator.read.record import Record

MAX_SLUG = 80
# Page names that break a URL or a checkout on Windows (the same list as the id pattern of the schema).
_RESERVED = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                       *(f"lpt{n}" for n in range(10))})


def normal_name(name: str) -> str:
    """The form in which two names of one partner are equal."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def name_digest(name: str) -> str:
    """SHA-256 of the normal name in UTF-8, in hex: the same on every machine and every build."""
    return hashlib.sha256(normal_name(name).encode("utf-8")).hexdigest()


def derived_slug(name: str) -> str:
    """The page slug of a name without ``id_mitra``; never empty, never a reserved name.

    ASCII by NFKD transliteration (``Universität Köln`` -> ``universitat-koln``), runs of other
    characters as one hyphen, at most 80 characters. A name that leaves nothing usable (another
    script, punctuation only, blank) gets ``mitra-`` and the first 8 hex digits of its
    :func:`name_digest`: ``大韓民国 国立研究所`` -> ``mitra-`` + 8 hex digits.
    """
    ascii_text = unicodedata.normalize("NFKD", normal_name(name)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if slug and slug not in _RESERVED:
        return slug
    return f"mitra-{name_digest(name)[:8]}"


def displaced_slug(slug: str, name: str) -> str:
    """The slug for a name whose derived slug belongs to another partner (an invalid register only).

    The digest's second eight hex digits: a fallback ``mitra-<first 8>`` slug shared by two names
    means their first eight are equal.
    """
    return f"{slug[:MAX_SLUG - 9]}-{name_digest(name)[8:16]}"


@dataclass(frozen=True, eq=False)
class Entry:
    """One partner (a ``para_pihak`` item other than the city) of one record."""

    record: Record
    position: int
    """Index in ``para_pihak``."""
    name: str
    explicit: str | None
    """``id_mitra`` as written, or None."""
    normal: str
    """:func:`normal_name` of ``name``."""


@dataclass(frozen=True)
class Clash:
    """An entry that would share a page with a different partner, and the entries it clashes with."""

    kind: Literal["nama", "id"]
    """``nama``: two different names derive one slug (reported as ``mitra-bentrok``); ``id``: a
    clash with an ``id_mitra`` (``id-mitra-bentrok``)."""
    entry: Entry
    field: str
    """The key of the entry that is at fault: ``nama`` or ``id_mitra``."""
    slug: str
    others: tuple[Entry, ...]


@dataclass(frozen=True)
class Identity:
    """Every partner entry of a register with its page slug, and the clashes found on the way."""

    slug_of: Mapping[tuple[str, int], str]
    """Slug by (record file, index in ``para_pihak``)."""
    entries: tuple[Entry, ...]
    clashes: tuple[Clash, ...]


def entries_of(records: Iterable[Record]) -> list[Entry]:
    normal: dict[str, str] = {}  # most partners sign many agreements: normalise each spelling once
    out = []
    for record in records:
        for position, party in enumerate(record.get("para_pihak", ())):
            if not party.get("pihak_kota"):
                name = str(party["nama"])
                if name not in normal:
                    normal[name] = normal_name(name)
                out.append(Entry(record, position, name, party.get("id_mitra"), normal[name]))
    return out


def resolve(records: Sequence[Record]) -> Identity:
    """Assign every partner entry of ``records`` its slug (see the module's rules)."""
    entries = entries_of(records)
    explicit_by_name: dict[str, list[Entry]] = defaultdict(list)
    explicit_at: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.explicit is not None:
            explicit_by_name[entry.normal].append(entry)
            explicit_at[entry.explicit].append(entry)
    ids_by_name = {name: sorted({e.explicit for e in users if e.explicit is not None})
                   for name, users in explicit_by_name.items()}
    slug_of: dict[tuple[str, int], str] = {}
    derived_at: dict[str, list[Entry]] = defaultdict(list)
    derived: dict[str, str] = {}  # by normal name, computed once per partner
    clashes: list[Clash] = []
    for entry in entries:
        ids = ids_by_name.get(entry.normal, [])
        if entry.explicit is not None:
            slug_of[(entry.record.file, entry.position)] = entry.explicit
        elif len(ids) == 1:
            slug_of[(entry.record.file, entry.position)] = ids[0]
        else:
            if ids:
                clashes.append(Clash("id", entry, "nama", ", ".join(ids), tuple(explicit_by_name[entry.normal])))
            if entry.normal not in derived:
                derived[entry.normal] = derived_slug(entry.name)  # a function of the normal name
            derived_at[derived[entry.normal]].append(entry)
    for slug, claimants in derived_at.items():
        clashes.extend(_claim(slug, claimants, explicit_at.get(slug, []), slug_of))
    return Identity(slug_of, tuple(entries), tuple(clashes))


def _claim(slug: str, claimants: Sequence[Entry], owners: Sequence[Entry],
           slug_of: dict[tuple[str, int], str]) -> list[Clash]:
    """Give the entries whose names derive ``slug`` their slugs; the clashes among them and with
    the ``owners``, the entries whose ``id_mitra`` is ``slug``."""
    names = {e.normal for e in claimants}
    owner_names = {e.normal for e in owners}
    strangers = tuple(e for e in claimants if owners and e.normal not in owner_names)
    stranger_set = set(strangers)
    clashes: list[Clash] = []
    for entry in claimants:
        # One name is the common case (a partner of many records): no pairwise look then.
        rivals = tuple(e for e in claimants if e.normal != entry.normal) if len(names) > 1 else ()
        if rivals:
            clashes.append(Clash("nama", entry, "nama", slug, rivals))
        if entry in stranger_set:
            clashes.append(Clash("id", entry, "nama", slug, tuple(owners)))
        keeps = not rivals and entry not in stranger_set
        slug_of[(entry.record.file, entry.position)] = slug if keeps else displaced_slug(slug, entry.name)
    if strangers:
        clashes.extend(Clash("id", owner, "id_mitra", slug, strangers) for owner in owners)
    return clashes


# --- where a partner is (issue 18) ----------------------------------------------------------------
_TERRITORIES = Locale("id").territories


def country_name(code: str) -> str:
    """The country of an ISO 3166-1 alpha-2 code in Indonesian, from Babel's CLDR territory names
    (``KR`` -> ``Korea Selatan``); the code itself when CLDR does not know it."""
    return str(_TERRITORIES.get(code, code))


def province_code(region: str) -> str:
    """The province of a Kemendagri region code: ``63.03`` -> ``63``."""
    return region.partition(".")[0]
