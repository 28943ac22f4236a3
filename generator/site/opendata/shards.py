"""A register built in shards (one per province or id prefix) and merged into one set of open data.

Issue 16 point 4: a register of many regions may outgrow one build. Each shard (a group of
records chosen by :func:`plan`) is validated and generated on its own, for example one job of a
GitHub Actions matrix each; a final job merges the shards' machine-readable outputs with
:func:`merge`. Both are pure: records in, a plan out; file contents in, file contents out. The
I/O (workspaces, child processes, timing) is in ``benchmarks/shards.py``, and the design note
with its measured cost is the "Register besar dalam beberapa bagian" section of
``docs/panduan/kinerja.md`` (``benchmarks/report.py``).

This module sits beside the open-data writers because it depends on their exact formats (the
list layout of :func:`generator.site.opendata.api.dumps_with_list`, the CSV's BOM and line ends,
the calendar's event UIDs); ``tests/test_shards.py`` builds a register whole and in two shards
and holds the merged files equal to the whole build's, byte for byte. It is not a command: no
public CLI depends on it.

What the merge produces, and what it cannot:

- the API list, the CSV and every calendar (all, per partner, sector and unit) are merged: the
  whole build writes their items sorted by id, so the merge sorts the shards' items by id;
- the per-agreement files (JSON and badge) are placed, each from the one shard that has it;
- the OpenAPI document and the JSON Schema are the same in every shard and taken once;
- the radar, the statistics, the Atom feed and the pages are computed over the whole register
  (counts, "ending soon" across everything, the newest entries first): :data:`WHOLE_REGISTER`
  names them; the final job builds them from the whole register and :func:`merge` leaves them.

A shard's outputs equal the whole build's only when nothing in them depends on records of
another shard. :func:`plan` finds what does, before any shard is built: a link
(``naskah_induk``, ``memperpanjang``, ``menggantikan``) to a record of another shard (the shard
would fail validation, or publish a redirect for a record that exists, and the target's status
and related records are computed from the link), and a partner whose identity (page slug, the
first spelling of its name) a shard would resolve differently from the whole register. A partner
with records in several shards is only noted: its calendar is merged, its page is built by the
final job. :func:`merge` refuses an id present in two shards, and shards built from different
schema versions or as-of dates.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.check.partners import province_code, resolve
from generator.check.rules import LINK_FIELDS
from generator.read.record import Record
from generator.site.opendata import api, table, urls

BY_PROVINCE = "provinsi"
BY_PREFIX = "awalan"
KEYS = (BY_PROVINCE, BY_PREFIX)
FOREIGN = "LN"
"""The key of a record whose partner is abroad (no Indonesian region code)."""
PREFIX_LENGTH = 4
"""Characters of the id that make an ``awalan`` key."""
NO_REGION = "00"
"""The key of a record whose partners have neither a region code nor a country (ministries, banks)."""

PER_RECORD = (urls.API + "kerja-sama/", "lencana/")
SAME_IN_EVERY_SHARD = (urls.API_OPENAPI, urls.API_SCHEMA)
CALENDARS = "kalender/"
WHOLE_REGISTER = (urls.API_RADAR, urls.API_STATS, urls.FEED)
"""Computed over the whole register: built by the final job, not merged."""

ID_COLUMN = "id"


@dataclass(frozen=True)
class Finding:
    """One thing the plan or the merge found; ``blocking`` ones stop the merge.

    Not a :class:`generator.diagnostics.Diagnostic`: it is about a split of the build, not about a
    place in a register file (no file, line or JSON path), and no command reports it. Should the
    shards become a command, these codes belong in the diagnostic catalogue with the others."""

    code: str
    message: str
    ids: tuple[str, ...] = ()
    shards: tuple[str, ...] = ()
    blocking: bool = True


class MergeRefused(Exception):
    """The shards cannot be merged into what a whole build would produce."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        count = sum(1 for f in findings if f.blocking)
        super().__init__(f"{count} masalah menghalangi penggabungan shard:\n"
                         + "\n".join(f"- [{f.code}] {f.message}" for f in self.findings if f.blocking))


@dataclass(frozen=True)
class Shard:
    """One part of the register: its name, the keys it holds and its records' ids (sorted)."""

    name: str
    keys: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """Which record goes to which shard, and what that split breaks."""

    by: str
    shards: tuple[Shard, ...]
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    def shard_of(self) -> dict[str, str]:
        return {record_id: shard.name for shard in self.shards for record_id in shard.ids}

    def count(self, code: str) -> int:
        return sum(1 for f in self.findings if f.code == code)


def shard_key(record: Record, by: str, prefix_length: int = PREFIX_LENGTH) -> str:
    """The key a record is sharded by.

    ``provinsi``: the province of the first partner (a party other than the city) with a region
    code (``63.03`` -> ``63``); :data:`FOREIGN` for a partner abroad, :data:`NO_REGION` when no
    partner has either. ``awalan``: the first ``prefix_length`` characters of the id (in this
    register, the signing year; in a register of many regions, a region's own id prefix)."""
    if by == BY_PREFIX:
        return record.id[:prefix_length]
    if by != BY_PROVINCE:
        raise ValueError(f"unknown shard key {by!r}; expected one of {KEYS}")
    for party in record.partners:
        if party.get("pihak_kota"):
            continue
        if party.get("kode_wilayah"):
            return province_code(str(party["kode_wilayah"]))
        if party.get("negara"):
            return FOREIGN
    return NO_REGION


def _families(records: Sequence[Record]) -> dict[str, str]:
    """Each record's family: the smallest id among the records it is linked with, in either
    direction, through the link fields (union-find)."""
    ids = {r.id for r in records}
    parent = {r.id: r.id for r in records}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for record in records:
        for name in LINK_FIELDS:
            target = record.get(name)
            if isinstance(target, str) and target in ids:
                a, b = root(record.id), root(target)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {r.id: root(r.id) for r in records}


def _pack(sizes: Mapping[str, int], count: int | None) -> list[list[str]]:
    """Keys into ``count`` bins of similar total size (largest key first, into the lightest bin);
    one bin per key when ``count`` is None or not smaller than the number of keys."""
    keys = sorted(sizes, key=lambda k: (-sizes[k], k))
    if count is None or count >= len(keys):
        return [[k] for k in sorted(keys)]
    bins: list[list[str]] = [[] for _ in range(count)]
    load = [0] * count
    for key in keys:
        i = min(range(count), key=lambda j: (load[j], j))
        bins[i].append(key)
        load[i] += sizes[key]
    return [sorted(b) for b in bins if b]


def plan(records: Sequence[Record], by: str = BY_PROVINCE, count: int | None = None, *,
         keep_families: bool = True, assign: Callable[[Record], str] | None = None) -> Plan:
    """Split ``records`` into shards by :func:`shard_key` and report what the split breaks.

    ``keep_families`` puts every record in the shard of its family's first record (a PKS with its
    KB, a renewal with what it renews), so links never cross shards; without it each record
    follows its own key and every link that then crosses shards is a blocking finding.
    ``assign`` gives each record its key directly (tests, or a register whose shards are fixed).
    """
    by_id: dict[str, Record] = {}
    findings: list[Finding] = []
    for record in records:
        if record.id in by_id:
            findings.append(Finding("id-ganda", f"Id {record.id} dipakai oleh dua berkas ({by_id[record.id].file} "
                                    f"dan {record.file}); id harus unik di seluruh register, di semua shard.",
                                    (record.id,)))
            continue
        by_id[record.id] = record
    unique = sorted(by_id.values(), key=lambda r: r.id)
    key_of = {r.id: (assign(r) if assign else shard_key(r, by)) for r in unique}
    if keep_families and assign is None:
        family = _families(unique)
        key_of = {r.id: key_of[family[r.id]] for r in unique}
    bins = _pack(Counter(key_of.values()), count)
    names = {key: f"{i + 1:02d}" for i, keys in enumerate(bins) for key in keys}
    shard_of = {record_id: names[key] for record_id, key in key_of.items()}
    members: dict[str, list[str]] = defaultdict(list)
    for record in unique:
        members[shard_of[record.id]].append(record.id)
    shards = tuple(Shard(f"{i + 1:02d}", tuple(keys), tuple(members[f"{i + 1:02d}"])) for i, keys in enumerate(bins))
    findings += _cross_links(unique, shard_of, by_id)
    findings += _partners(unique, shard_of, shards, by_id)
    return Plan(by, shards, tuple(findings))


_LINK_EFFECT = {
    "naskah_induk": "shard {a} gagal divalidasi (naskah induk tidak ada), dan naskah turunan {target} dihitung "
                    "tanpa naskah ini",
    "memperpanjang": "shard {a} gagal divalidasi (naskah yang diperpanjang tidak ada), dan status {target} di "
                     "shard {b} tidak tahu bahwa ia sudah diperpanjang",
    "menggantikan": "shard {a} menerbitkan pengalihan alamat untuk {target} seolah naskah itu sudah tidak ada, "
                    "dan {target} di shard {b} tidak tahu bahwa ia sudah digantikan",
}


def _cross_links(records: Sequence[Record], shard_of: Mapping[str, str],
                 by_id: Mapping[str, Record]) -> list[Finding]:
    found = []
    for record in records:
        for name in LINK_FIELDS:
            target = record.get(name)
            if not isinstance(target, str) or target not in by_id or shard_of[target] == shard_of[record.id]:
                continue
            a, b = shard_of[record.id], shard_of[target]
            effect = _LINK_EFFECT[name].format(a=a, b=b, target=target)
            found.append(Finding(
                "rujukan-lintas-shard",
                f"Naskah {record.id} (shard {a}) menunjuk {target} (shard {b}) lewat {name}: {effect}. "
                "Letakkan keduanya di satu shard (kelompokkan per keluarga naskah).",
                (record.id, target), (a, b)))
    return found


def _partners(records: Sequence[Record], shard_of: Mapping[str, str], shards: Sequence[Shard],
              by_id: Mapping[str, Record]) -> list[Finding]:
    """Partners whose identity a shard resolves unlike the whole register (blocking), and partners
    with records in several shards (a note: the final job builds their pages)."""
    whole = resolve(records)
    whole_slug = dict(whole.slug_of)
    first_name: dict[str, str] = {}
    spans: dict[str, set[str]] = defaultdict(set)
    for entry in whole.entries:
        slug = whole_slug[(entry.record.file, entry.position)]
        first_name.setdefault(slug, entry.name.strip())
        spans[slug].add(shard_of[entry.record.id])
    found: list[Finding] = []
    for shard in shards:
        part = resolve([by_id[i] for i in shard.ids])
        seen: set[str] = set()
        for entry in part.entries:
            here = part.slug_of[(entry.record.file, entry.position)]
            there = whole_slug[(entry.record.file, entry.position)]
            if here != there:
                found.append(Finding(
                    "identitas-mitra",
                    f"Mitra '{entry.name.strip()}' pada {entry.record.id} mendapat alamat /mitra/{here}/ di shard "
                    f"{shard.name} tetapi /mitra/{there}/ di register utuh: beri mitra itu id_mitra yang tetap.",
                    (entry.record.id,), (shard.name,)))
            elif here not in seen and entry.name.strip() != first_name[here]:
                found.append(Finding(
                    "identitas-mitra",
                    f"Mitra {here} bernama '{entry.name.strip()}' di shard {shard.name} tetapi '{first_name[here]}' "
                    "di register utuh (ejaan pertama menurut id): samakan ejaannya.",
                    (entry.record.id,), (shard.name,)))
            seen.add(here)
    for slug, where in sorted(spans.items()):
        if len(where) > 1:
            found.append(Finding(
                "mitra-lintas-shard",
                f"Mitra {first_name[slug]} punya naskah di shard {', '.join(sorted(where))}: kalendernya digabung, "
                "halaman mitranya dibangun oleh tahap gabungan.", (), tuple(sorted(where)), blocking=False))
    return found


# --- merge -------------------------------------------------------------------------------------
@dataclass
class Merged:
    """The merged files, and for each per-agreement file the shard it comes from."""

    files: dict[str, bytes] = field(default_factory=dict)
    placed: dict[str, str] = field(default_factory=dict)


def kind_of(path: str) -> str:
    """``merged``, ``per-record``, ``same`` or ``whole`` (see the module's docstring); ``other`` for
    files no shard rule covers (the Data Terbuka pages)."""
    if path in (urls.API_LIST, urls.CSV) or (path.startswith(CALENDARS) and path.endswith(".ics")):
        return "merged"
    if path.startswith(PER_RECORD):
        return "per-record"
    if path in SAME_IN_EVERY_SHARD:
        return "same"
    if path in WHOLE_REGISTER:
        return "whole"
    return "other"


def merge(outputs: Mapping[str, Mapping[str, bytes]], per_record: Mapping[str, Iterable[str]]) -> Merged:
    """Merge the shards' files (shard name -> path -> bytes: the ``merged`` and ``same`` kinds)
    and place their per-agreement files (shard name -> paths, which the caller copies); raise
    :class:`MergeRefused` with every blocking finding at once."""
    findings: list[Finding] = []
    out = Merged()
    paths = sorted({p for files in outputs.values() for p in files})
    for path in paths:
        having = {name: files[path] for name, files in sorted(outputs.items()) if path in files}
        kind = kind_of(path)
        if kind == "same":
            if len(set(having.values())) > 1:
                findings.append(Finding("shard-tidak-sejalan", f"{path} berbeda antarshard: semua shard harus "
                                        "dibangun dari skema dan pengaturan yang sama.", (), tuple(having)))
            out.files[path] = next(iter(having.values()))
        elif path == urls.API_LIST:
            out.files[path] = _merge_list(having, findings)
        elif path == urls.CSV:
            out.files[path] = _merge_csv(having, findings)
        elif kind == "merged":
            out.files[path] = _merge_calendar(path, having, findings)
    for name, files in sorted(per_record.items()):
        for path in files:
            if path in out.placed:
                record_id = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                findings.append(Finding("id-ganda", f"Berkas {path} ada di shard {out.placed[path]} dan {name}.",
                                        (record_id,), (out.placed[path], name)))
            else:
                out.placed[path] = name
    findings = unique(findings)
    if any(f.blocking for f in findings):
        raise MergeRefused(findings)
    return out


def unique(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (code, ids, shards): an id in two shards shows in the list, the CSV and
    every calendar; the first message (the list's, merged first) is the one kept."""
    seen: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
    kept = []
    for f in findings:
        key = (f.code, f.ids, f.shards)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def _duplicate(record_id: str, first: str, second: str) -> Finding:
    return Finding("id-ganda", f"Naskah {record_id} ada di shard {first} dan shard {second}. Id harus unik di seluruh "
                   "register: ubah id salah satunya (naskah dengan id lama dapat ditunjuk lewat menggantikan).",
                   (record_id,), (first, second))


_ITEM_ID = re.compile(rb'\A\{\n      "id": ("(?:[^"\\]|\\.)*")')


def _item_id(text: bytes) -> str:
    """The id of one entry of the API list: its first key, the keys being sorted (``id``, ``naskah``,
    ``terhitung``)."""
    found = _ITEM_ID.match(text)
    if found is None:
        raise ValueError("an API list entry that does not start with its id")
    return str(json.loads(found.group(1)))


def _merge_list(having: Mapping[str, bytes], findings: list[Finding]) -> bytes:
    """The shards' entries in id order, joined as text: parsing 20,000 entries into Python values
    took 640 MB at 10,000 agreements, the texts take about their size."""
    head: dict[str, Any] | None = None
    items: dict[str, tuple[str, bytes]] = {}
    for name, data in having.items():
        document, entries = api.split_list(data, "kerja_sama")
        document.pop("jumlah")
        if head is None:
            head = document
        elif document != head:
            findings.append(Finding("shard-tidak-sejalan", f"Daftar API shard {name} dibuat dengan versi skema atau "
                                    f"tanggal acuan lain ({document}) daripada shard pertama ({head}).", (), (name,)))
        for text in entries:
            record_id = _item_id(text)
            if record_id in items:
                findings.append(_duplicate(record_id, items[record_id][0], name))
                continue
            items[record_id] = (name, text)
    return api.join_list({**(head or {}), "jumlah": len(items)}, "kerja_sama", (items[k][1] for k in sorted(items)))


def _merge_csv(having: Mapping[str, bytes], findings: list[Finding]) -> bytes:
    header: list[str] | None = None
    rows: dict[str, tuple[str, list[str]]] = {}
    for name, data in having.items():
        reader = csv.reader(io.StringIO(data.decode("utf-8").removeprefix(table.BOM), newline=""))
        first = next(reader)
        if header is None:
            header = first
        elif first != header:
            findings.append(Finding("shard-tidak-sejalan", f"Kolom CSV shard {name} berbeda dari shard pertama: "
                                    "semua shard harus dibangun dari skema yang sama.", (), (name,)))
            continue
        column = header.index(ID_COLUMN)
        for row in reader:
            if row[column] in rows:
                findings.append(_duplicate(row[column], rows[row[column]][0], name))
                continue
            rows[row[column]] = (name, row)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header or [])
    writer.writerows(rows[k][1] for k in sorted(rows))
    return (table.BOM + text.getvalue()).encode("utf-8")


_EVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)
_UID = re.compile(rb"^UID:(.*)$", re.MULTILINE)


def _event_record(block: bytes) -> str:
    """The record id of one event: its UID is ``<id>-<kind>@<host>`` (generator.site.opendata.calendar);
    a folded UID line (RFC 5545: CRLF and one space) is unfolded first."""
    found = _UID.search(block.replace(b"\r\n ", b""))
    if found is None:
        raise ValueError("calendar event without UID")
    local = found.group(1).decode("utf-8").strip().rpartition("@")[0]
    return local.rpartition("-")[0]


def _merge_calendar(path: str, having: Mapping[str, bytes], findings: list[Finding]) -> bytes:
    """Events of every shard in record id order (a record's own events keep their order), inside the
    first shard's calendar header; the headers must agree (same name, same properties)."""
    frame: tuple[bytes, bytes] | None = None
    events: dict[str, tuple[str, list[bytes]]] = {}
    for name, data in having.items():
        blocks = list(_EVENT.finditer(data))
        head = data[: blocks[0].start()] if blocks else data[: data.rindex(b"END:VCALENDAR")]
        tail = data[blocks[-1].end():] if blocks else data[len(head):]
        if frame is None:
            frame = (head, tail)
        elif (head, tail) != frame:
            findings.append(Finding("shard-tidak-sejalan", f"Kepala kalender {path} di shard {name} berbeda dari "
                                    "shard pertama (nama kalender atau nama mitra tidak sama).", (), (name,)))
        mine: dict[str, list[bytes]] = defaultdict(list)
        for match in blocks:
            mine[_event_record(match.group(0))].append(match.group(0))
        for record_id, texts in mine.items():
            if record_id in events:
                findings.append(_duplicate(record_id, events[record_id][0], name))
                continue
            events[record_id] = (name, texts)
    head, tail = frame or (b"", b"")
    return head + b"".join(b"".join(events[k][1]) for k in sorted(events)) + tail
