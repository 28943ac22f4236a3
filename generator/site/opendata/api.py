"""The static JSON API under ``/api/v1/``: documents as plain values, serialised deterministically."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from generator.check.checker import Schema
from generator.derive.index import RegisterIndex
from generator.derive.model import SiteModel
from generator.derive.status import Phase
from generator.read.record import Record, thaw
from generator.settings import SiteConfig
from generator.site.opendata import urls
from generator.site.opendata.computed import RECENTLY_ENDED_DAYS, computed
from generator.site.outputcache import OutputCache, cached


def dumps(document: Any) -> str:
    """Sorted keys, two-space indent, UTF-8 text, final newline: byte-identical between builds."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def envelope(index: RegisterIndex, schema: Schema, **body: Any) -> dict[str, Any]:
    """Fields every API file carries: schema version and as-of date."""
    return {"versi_skema": schema.version, "per_tanggal": index.as_of.isoformat(), **body}


def agreement_list_parts(model: SiteModel, schema: Schema, config: SiteConfig,
                         cache: OutputCache | None = None) -> Iterator[bytes]:
    """The list of every agreement's entry, as :func:`dumps` writes it (UTF-8), one agreement at
    a time.

    At 20,000 agreements the list is 126 MB of JSON; built as one document, its values and the
    encoder's pieces took 700 MB at once, the peak of the whole build (issue 8). Here only the
    encoded text of one agreement is made at a time, and generation writes each part as it
    comes (generator.site.page.Chunks). Each entry is joined from its members' texts
    (:func:`entry_members`), the record's own part kept in the cache.
    """
    index = model.index
    texts = (object_text(entry_members(model, config, r, cache)).replace("\n", "\n    ").encode()
             for r in index.records)
    return list_parts(envelope(index, schema, jumlah=len(index.records), kerja_sama=[]), "kerja_sama", texts)


NEWLINE = "\n"


def value_text(value: Any) -> str:
    """``value`` as :func:`dumps` writes it standing alone, without the final newline."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


def object_text(members: Mapping[str, str]) -> str:
    """:func:`value_text` of an object whose members' values are given already serialised by
    :func:`value_text`: keys sorted, each value indented one level deeper. The indented encoder
    writes a nested value exactly as alone, with every line after the first indented by its
    depth, and JSON text has no line breaks inside strings, so the result is byte for byte the
    whole object's."""
    if not members:
        return "{}"
    return "{\n" + ",\n".join(f"  {json.dumps(key, ensure_ascii=False)}: {text.replace(NEWLINE, NEWLINE + '  ')}"
                               for key, text in sorted(members.items())) + "\n}"


def naskah_text(record: Record) -> str:
    """The record as in its YAML file (``naskah``), serialised: the part of an agreement's JSON
    that does not depend on the as-of date, kept in the cache under the record's data."""
    return value_text(thaw(record.data))


def entry_members(model: SiteModel, config: SiteConfig, record: Record,
                  cache: OutputCache | None = None) -> dict[str, str]:
    """One agreement's entry, member by member serialised: ``id``, ``naskah`` (the record as in its
    YAML file; its text from the cache) and ``terhitung`` (the computed view, which holds the
    days left and so changes every day: made anew)."""
    return {"id": value_text(record.id), "naskah": cached(cache, "api-naskah", record, naskah_text),
            "terhitung": value_text(computed(model, config, record))}


def record_text(model: SiteModel, schema: Schema, config: SiteConfig, record: Record,
                cache: OutputCache | None = None) -> str:
    """One agreement's JSON file: :func:`dumps` of its envelope and entry, joined from member texts."""
    members = {key: value_text(value) for key, value in envelope(model.index, schema).items()}
    return object_text({**members, **entry_members(model, config, record, cache)}) + "\n"


def dumps_with_list(document: dict[str, Any], key: str, items: Iterable[Any]) -> bytes:
    """``dumps({**document, key: list(items)})`` in UTF-8, for a top-level ``key`` whose list is
    empty in ``document``, without holding the items together: each is serialised alone and
    indented to its place. JSON text has no line breaks inside strings, so re-indenting is safe."""
    return join_list(document, key, (item_text(item) for item in items))


def item_text(item: Any) -> bytes:
    """One item of a top-level list as :func:`join_list` places it (indented, without the first indent)."""
    return value_text(item).replace("\n", "\n    ").encode()


def join_list(document: dict[str, Any], key: str, texts: Iterable[bytes]) -> bytes:
    """:func:`dumps_with_list` for items already serialised by :func:`item_text` (the shard merge,
    generator.site.opendata.shards, joins the items of several lists without parsing them)."""
    return b"".join(list_parts(document, key, texts))


def list_parts(document: dict[str, Any], key: str, texts: Iterable[bytes]) -> Iterator[bytes]:
    """:func:`join_list`'s bytes in parts, one per item, made as ``texts`` is read."""
    head, empty, tail = dumps(document).partition(f'\n  {json.dumps(key, ensure_ascii=False)}: []')
    if not empty:
        raise ValueError(f"{key!r} is not an empty list at the top of the document")
    yield (head + empty[:-1]).encode()
    separator = b"\n    "
    for text in texts:
        yield separator + text
        separator = b",\n    "
    yield b"]" if separator == b"\n    " else b"\n  ]"
    yield tail.encode()


_NEXT_OBJECT = re.compile(rb"(?<=\n    }),\n    (?=\{)")


def split_list(data: bytes, key: str) -> tuple[dict[str, Any], list[bytes]]:
    """The inverse of :func:`join_list` for a list of objects: the document with ``key`` empty, and
    each object's text. Inside an object every line is indented deeper than its braces, so the
    separator between two objects (``}``, comma, ``{`` at four spaces) occurs nowhere else."""
    marker = f'\n  {json.dumps(key, ensure_ascii=False)}: ['.encode()
    head, found, rest = data.partition(marker)
    if not found:
        raise ValueError(f"{key!r} is not a list at the top of the document")
    body, tail = (b"", rest[1:]) if rest.startswith(b"]") else rest.partition(b"\n  ]")[::2]
    document: dict[str, Any] = json.loads(head + marker + b"]" + tail)
    return document, _NEXT_OBJECT.split(body.removeprefix(b"\n    ")) if body else []


def agreement_files(model: SiteModel, schema: Schema, config: SiteConfig,
                    cache: OutputCache | None = None) -> Iterator[tuple[str, str]]:
    """Each agreement's JSON file: (path, text)."""
    for record in model.index.records:
        yield urls.api_record(record.id), record_text(model, schema, config, record, cache)


def _brief(index: RegisterIndex, config: SiteConfig, record: Record) -> dict[str, Any]:
    status = index.get_status(record)
    return {
        "id": record.id,
        "judul": record.title,
        "fase": status.phase.value,
        "label": status.label,
        "tanggal_berakhir": record.end.isoformat() if record.end else None,
        "sisa_hari": status.days_left,
        "url": urls.absolute(config.site_url, urls.agreement(record.id)),
        "json": urls.absolute(config.site_url, urls.api_record(record.id)),
    }


def _days_key(index: RegisterIndex, record: Record) -> tuple[int, str]:
    days = index.get_status(record).days_left
    return (days if days is not None else 0, record.id)


def radar(index: RegisterIndex, schema: Schema, config: SiteConfig) -> dict[str, Any]:
    """What needs attention: ending soon, ended recently, ended without a decision, end unknown."""
    def phase_is(*phases: Phase) -> list[Record]:
        return sorted((r for r in index.records if index.get_status(r).phase in phases),
                      key=lambda r: _days_key(index, r))

    soon = phase_is(Phase.SEGERA_BERAKHIR)
    ended = phase_is(Phase.BERAKHIR, Phase.BERAKHIR_TANPA_KEPUTUSAN)
    recent = [r for r in reversed(ended) if -RECENTLY_ENDED_DAYS <= _days_key(index, r)[0] < 0]
    undecided = [r for r in reversed(ended) if index.get_status(r).phase is Phase.BERAKHIR_TANPA_KEPUTUSAN]
    unknown = phase_is(Phase.TIDAK_DIKETAHUI)

    def group(label: str, records: Iterable[Record]) -> dict[str, Any]:
        items = [_brief(index, config, r) for r in records]
        return {"label": label, "jumlah": len(items), "kerja_sama": items}

    windows = {
        str(t): group(f"Berakhir dalam {t} hari atau kurang",
                      [r for r in soon if index.get_status(r).window == t])
        for t in sorted(index.thresholds)
    }
    return envelope(
        index, schema,
        ambang_hari=sorted(index.thresholds),
        segera_berakhir=group(f"Berakhir dalam {max(index.thresholds)} hari ke depan", soon),
        segera_berakhir_per_ambang=windows,
        baru_berakhir=group(f"Berakhir dalam {RECENTLY_ENDED_DAYS} hari terakhir", recent),
        berakhir_tanpa_keputusan=group(index.words.phase(Phase.BERAKHIR_TANPA_KEPUTUSAN).title, undecided),
        masa_berlaku_tidak_diketahui=group(index.words.phase(Phase.TIDAK_DIKETAHUI).title, unknown),
    )


def _counts(counter: Counter[str], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [{"kode": code, "label": labels.get(code, code), "jumlah": counter[code]}
            for code in labels if counter[code]] + [
        {"kode": code, "label": code, "jumlah": n} for code, n in sorted(counter.items()) if code not in labels]


def statistics(model: SiteModel, schema: Schema) -> dict[str, Any]:
    """Counts by category, computed status, sector, unit and signing year."""
    index = model.index
    lists = index.codelists
    by_category = Counter({key: len(v) for key, v in index.by_category.items()})
    by_status = Counter(index.get_status(r).phase.value for r in index.records)
    by_sector = Counter({str(k): len(v) for k, v in index.by_sector.items()})
    by_unit = Counter({str(k): len(v) for k, v in index.by_unit.items() if k is not None})
    years = [{"tahun": year, "jumlah": len(records)}
             for year, records in sorted(index.by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]
    return envelope(
        index, schema,
        jumlah_naskah=len(index.records),
        per_kategori=_counts(by_category, {c.key: c.label for c in model.categories}),
        per_status=[{"kode": p.value, "label": index.words.phase(p).label, "jumlah": by_status[p.value]} for p in Phase],
        per_urusan=_counts(by_sector, {c.code: c.label for c in lists["urusan"]}),
        per_perangkat_daerah=_counts(by_unit, {c.code: c.label for c in lists["perangkat_daerah"]}),
        per_tahun_tanda_tangan=years,
    )
