"""/panduan/contoh-berkas/: an annotated example, generated so it is always valid and current.

The example is a real agreement of the register written out exactly as ``kerjasama baru``
writes a new file (same comments from the schema), followed by what each value means. The
prose pages of the guide are hand-written Markdown in ``docs/panduan/``; this family only
produces the page that shows data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.read.codelists import CodeLists, signed_states
from generator.read.record import Record, thaw
from generator.site.page import Page, SiteContext, markdown_page, relative_url
from generator.site.scaffold import render

PATH = "panduan/contoh-berkas.md"
URL = "panduan/contoh-berkas/"


@dataclass(frozen=True)
class Note:
    """One top-level field of the example: its key, title, the value as written and what it means."""

    key: str
    title: str
    value: str
    meaning: str
    anchor: str


def pick_example(records: tuple[Record, ...]) -> Record | None:
    """The most complete signed agreement (most fields filled), ties broken by id."""
    signed = [r for r in records if r.get("status") in signed_states()] or list(records)
    if not signed:
        return None
    return min(signed, key=lambda r: (-len(r.data), r.id))


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v) for v in value) if all(not isinstance(v, Mapping) for v in value) \
            else f"{len(value)} isian"
    if isinstance(value, Mapping):
        return ", ".join(value)
    return str(value)


def notes(record: Record, ctx: SiteContext, codelists: CodeLists) -> list[Note]:
    out = []
    for key, value in record.data.items():
        node = ctx.schema.node_at((key,)) or {}
        raw = ctx.schema.document["properties"].get(key, {})
        ref = raw.get("$ref") or raw.get("items", {}).get("$ref") or ""
        name = ref.removeprefix("#/$defs/")
        meaning = ""
        if name in codelists.lists:
            items = value if isinstance(value, (list, tuple)) else (value,)
            meaning = "; ".join(codelists.label(name, v) for v in items)
        out.append(Note(key, str(node.get("title", key)), _shown(value), meaning, "kolom-" + key))
    return out


def pages(ctx: SiteContext) -> Iterator[Page]:
    record = pick_example(tuple(ctx.model.index.by_id[i] for i in sorted(ctx.model.index.by_id)))
    codelists = ctx.model.index.codelists
    text = render(thaw(record.data), ctx.schema, codelists) if record else ""
    body = ctx.render(
        "guide_example.html", record=record, text=text, file=f"agreements/{record.id}.yaml" if record else "",
        notes=notes(record, ctx, codelists) if record else [],
        reference_url=relative_url(URL, "panduan/referensi-skema/"),
        agreement_url=relative_url(URL, f"kerja-sama/{record.id}/") if record else "",
        add_url=relative_url(URL, "panduan/menambah/"),
    )
    yield markdown_page(PATH, "Contoh berkas beranotasi", body)
