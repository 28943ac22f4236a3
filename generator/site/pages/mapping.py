"""The mapping at ``/pemetaan/``: which agreements we have, with whom, in which sector, and are they running.

``/pemetaan/`` holds the counts of every view (category, partner, sector by group, unit,
signing year) and the sector x category matrix; ``/pemetaan/<view>/`` lists the agreements of
each group; ``/mitra/<slug>/`` is one page per partner. Every count is split by
:class:`~generator.derive.status.Bucket` (the groups of the status code list).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.check.partners import country_name, province_code
from generator.derive.index import Partner
from generator.derive.model import SiteModel
from generator.derive.status import Bucket
from generator.read.record import Record
from generator.site.page import WIDE, Page, SiteContext, markdown_page
from generator.site.pages.listing import (
    Category,
    Split,
    categories,
    linker,
    partner_path,
    partner_url,
    rows,
    split,
)

URL = "pemetaan/"
UNKNOWN_YEAR = "tidak-diketahui"


@dataclass(frozen=True)
class Group:
    """One line of a view: a category, partner, sector, unit or year, with its agreements."""

    key: str
    label: str
    url: str
    """Where the group's agreements are listed (a sub-page anchor or a partner page)."""
    split: Split
    note: str = ""

    @property
    def anchor(self) -> str:
        return self.url.partition("#")[2]


@dataclass(frozen=True)
class Section:
    """Groups under a heading (the sector view groups urusan by kelompok)."""

    title: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class View:
    slug: str
    title: str
    intro: str
    sections: tuple[Section, ...]

    @property
    def url(self) -> str:
        return f"{URL}{self.slug}/"

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(g for s in self.sections for g in s.groups)


@dataclass(frozen=True)
class Matrix:
    sectors: tuple[Section, ...]
    """Sector rows grouped by kelompok; each group's split is one row total."""
    columns: tuple[Category, ...]
    cells: dict[tuple[str, str], Split]
    column_totals: dict[str, Split]


def _group(model: SiteModel, key: str, label: str, url: str, records: Sequence[Record], *, note: str = "") -> Group:  # noqa: PLR0913 - the group's identity, label, link and members, named at each call
    return Group(key, label, url, split(rows(model, records)), note)


def category_view(model: SiteModel) -> View:
    index = model.index
    slug = "kategori"
    groups = tuple(
        _group(model, c.key, c.short, f"{URL}{slug}/#{c.key}", index.by_category.get(c.key, ()), note=c.label)
        for c in categories(model)
    )
    return View(slug, "Menurut kategori", "Kategori menurut PP 28/2018; KSDD dibagi menjadi kerja sama wajib dan "
                "sukarela. Naskah di luar rezim kerja sama daerah dihitung terpisah.", (Section("", groups),))


def sector_view(model: SiteModel) -> View:
    index = model.index
    slug = "urusan"
    codelist = index.codelists["urusan"]
    kelompok: dict[str, str] = dict(codelist.extra.get("kelompok", {}))
    sections = []
    for group_key, group_label in kelompok.items():
        groups = tuple(
            _group(model, item.code, item.label, f"{URL}{slug}/#{item.code}", index.by_sector[item.code])
            for item in codelist if item.get("kelompok") == group_key and item.code in index.by_sector
        )
        if groups:
            sections.append(Section(group_label, groups))
    return View(slug, "Menurut urusan", "Urusan pemerintahan yang dikerjasamakan, dikelompokkan seperti dalam "
                "UU 23/2014. Satu naskah dapat mencakup beberapa urusan, sehingga jumlahnya dapat melebihi "
                "jumlah naskah.", tuple(sections))


def unit_view(model: SiteModel) -> View:
    index = model.index
    slug = "perangkat-daerah"
    groups = tuple(
        _group(model, item.code, item.label, f"{URL}{slug}/#{item.code}", index.by_unit[item.code])
        for item in index.codelists["perangkat_daerah"] if item.code in index.by_unit
    )
    return View(slug, "Menurut perangkat daerah", "Perangkat daerah pemrakarsa atau pelaksana tiap naskah.",
                (Section("", groups),))


def year_view(model: SiteModel) -> View:
    index = model.index
    slug = "tahun"
    years = sorted((y for y in index.by_year if y is not None), reverse=True)
    groups = [_group(model, str(y), str(y), f"{URL}{slug}/#tahun-{y}", index.by_year[y]) for y in years]
    if None in index.by_year:
        groups.append(_group(model, UNKNOWN_YEAR, "Tahun tidak diketahui",
                             f"{URL}{slug}/#tahun-{UNKNOWN_YEAR}", index.by_year[None]))
    return View(slug, "Menurut tahun", "Tahun naskah ditandatangani; untuk kerja sama yang belum bernaskah "
                "(penjajakan), tahun tahapan atau kegiatan bertanggal yang paling awal.", (Section("", tuple(groups)),))


def region_view(model: SiteModel) -> View:
    """Partners' places (issue 18): regional partners by province, foreign partners by country."""
    index = model.index
    slug = "wilayah"
    regions = index.codelists["wilayah"]
    by_province: dict[str, list[Record]] = {}
    by_country: dict[str, list[Record]] = {}
    for record in index.records:
        for code in sorted({province_code(p["kode_wilayah"]) for p in record.partners if p.get("kode_wilayah")}):
            by_province.setdefault(code, []).append(record)
        for code in sorted({p["negara"] for p in record.partners if p.get("negara") not in {None, "ID"}}):
            by_country.setdefault(code, []).append(record)
    provinces = tuple(
        _group(model, f"provinsi-{code}", regions.label(code) if code in regions else f"Provinsi berkode {code}",
               f"{URL}{slug}/#provinsi-{code}", by_province[code], note=f"kode {code}")
        for code in sorted(by_province))
    countries = tuple(
        _group(model, f"negara-{code.lower()}", country_name(code), f"{URL}{slug}/#negara-{code.lower()}",
               by_country[code], note=f"kode ISO {code}")
        for code in sorted(by_country, key=country_name))
    sections = tuple(s for s in (Section("Dalam negeri, menurut provinsi mitra", provinces),
                                 Section("Luar negeri, menurut negara mitra", countries)) if s.groups) or (Section("", ()),)
    return View(slug, "Menurut wilayah", "Mitra pemerintah daerah menurut provinsinya (kode wilayah Kemendagri), "
                "mitra luar negeri menurut negaranya (nama negara dari CLDR melalui Babel). Mitra lain tidak "
                "berwilayah di sini.", sections)


def partner_groups(model: SiteModel) -> tuple[Group, ...]:
    index = model.index
    codelists = index.codelists
    out = []
    for partner in sorted(index.partners.values(), key=lambda p: (p.name.casefold(), p.slug)):
        note = codelists.label("jenis_pihak", partner.party_type)
        if partner.region:
            note += f" · {codelists.label('wilayah', partner.region)}"
        out.append(_group(model, partner.slug, partner.name, partner_url(partner.slug), partner.records, note=note))
    return tuple(out)


def matrix(model: SiteModel, sectors: View) -> Matrix:
    index = model.index
    columns = categories(model)
    cells: dict[tuple[str, str], Split] = {}
    for section in sectors.sections:
        for group in section.groups:
            for column in columns:
                cells[(group.key, column.key)] = split(
                    [r for b in Bucket for r in group.split.parts[b] if r.category.key == column.key])
    totals = {c.key: split(rows(model, index.by_category.get(c.key, ()))) for c in columns}
    return Matrix(sectors.sections, columns, cells, totals)


def partner_page(ctx: SiteContext, partner: Partner) -> Page:
    here = partner_url(partner.slug)
    items = rows(ctx.model, partner.records)
    body = ctx.render("mapping_partner.html", partner=partner, split=split(items), as_of=ctx.as_of,
                      rel=linker(here), ctx=ctx)
    # Lists of agreements only: search finds the agreements themselves (their key line names the partner).
    return markdown_page(partner_path(partner.slug), partner.name, body, search={"exclude": True})


def pages(ctx: SiteContext) -> Iterator[Page]:
    model = ctx.model
    views = (category_view(model), sector_view(model), unit_view(model), year_view(model), region_view(model))
    everything = split(rows(model))
    partners = partner_groups(model)
    # Each body is passed on, not kept here while its page is written (issue 16: up to 61 MB at 50,000 agreements).
    yield markdown_page(f"{URL}index.md", "Pemetaan kerja sama", ctx.render_parts(
        "mapping.html", views=views, partners=partners, total=everything, matrix=matrix(model, views[1]),
        as_of=ctx.as_of, rel=linker(URL), ctx=ctx),
                        description="Kerja sama Kota Palangka Raya menurut kategori, mitra, urusan, perangkat daerah "
                                    "dan tahun, berlaku atau berakhir.", hide=WIDE)
    for view in views:
        yield markdown_page(f"{view.url}index.md", f"Pemetaan {view.title.lower()}",
                            ctx.render_parts("mapping_view.html", view=view, as_of=ctx.as_of, rel=linker(view.url), ctx=ctx),
                            search={"exclude": True})  # lists of agreements only
    for partner in model.index.partners.values():
        yield partner_page(ctx, partner)

