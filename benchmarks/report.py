"""Render ``benchmarks/results.json`` as the published page ``docs/panduan/kinerja.md``.

The page holds only numbers measured by ``benchmarks.run`` and the notes kept under
``"catatan"`` in the results file, so it never drifts from the measurements.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import Any

from generator.site.page import card_labels

LABELS = {
    "before": "sebelum optimasi",
    "after_validate": "sesudah optimasi validate (indeks pencarian penuh, halaman disimpan di memori)",
    "after": "sesudah optimasi",
}
ORDER = tuple(LABELS)  # tables in the order the optimisations were made

# (title, size, metric, limit, "max" or "min"); metric is computed from one result row.
Target = tuple[str, int, Callable[[dict[str, Any], dict[str, Any]], float | None], float, str]


def num(value: Any, digits: int = 1) -> str:
    """Indonesian number: dot for thousands, comma for decimals; '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def times(value: float | None) -> str:
    return "–" if value is None else f"{num(value)}×"


def _ratio(a: Any, b: Any) -> float | None:
    return a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None


def _get(row: dict[str, Any], key: str) -> float | None:
    value = row.get(key)
    return float(value) if isinstance(value, (int, float)) else None


def _memory(row: dict[str, Any], _bare: dict[str, Any]) -> float | None:
    """What a build needs: the largest process, or the sum of processes alive together if larger.
    Only builds that ran Pagefind count: it is part of every build since 4 December."""
    if _get(row, "pagefind_s") is None:
        return None
    values = [v for v in (_get(row, "build_peak_mb"), _get(row, "build_tree_peak_mb")) if v is not None]
    return max(values) if values else None


def _query_mb(row: dict[str, Any]) -> float | None:
    """What a visitor downloads for one query with Pagefind (benchmarks/run.py: pagefind_query_bytes)."""
    value = _get(row, "pagefind_query_bytes")
    return value / 1e6 if value is not None else None


TARGETS: tuple[Target, ...] = (
    ("validate 10.000 naskah ≤ 3 detik", 10_000, lambda r, b: _get(r, "validate_s"), 3.0, "max"),
    ("validate ≥ 3× lebih cepat dari check-jsonschema", 10_000,
     lambda r, b: _ratio(r.get("check_jsonschema_s"), r.get("validate_s")), 3.0, "min"),
    ("validate + generate ≤ 15% waktu MkDocs (10.000 naskah)", 10_000,
     lambda r, b: _ratio(r.get("generate_s"), r.get("mkdocs_s")), 0.15, "max"),
    ("puncak memori pembangunan 20.000 naskah ≤ 1 GB (MB)", 20_000, _memory, 1000, "max"),
    ("data pencarian yang diunduh untuk satu kueri, 20.000 naskah ≤ 8 MB (MB)", 20_000,
     lambda r, b: _query_mb(r), 8.0, "max"),
)


def _build_value(row: dict[str, Any], kind: str, key: str) -> float | None:
    """One number of one build of an ``incremental`` row (benchmarks/incremental.py)."""
    build = row.get(kind)
    return _get(build, key) if isinstance(build, dict) else None


def _cold_over_bare_cpu(row: dict[str, Any]) -> float | None:
    return _ratio(_build_value(row, "cold", "cpu_s"), _build_value(row, "bare", "cpu_s"))


def _daily_over_cold(row: dict[str, Any]) -> float | None:
    return _ratio(_build_value(row, "daily", "s"), _build_value(row, "cold", "s"))


# Issue 16: the real `kerjasama build`, cold, after a one-record edit, and the daily rebuild
# (results["incremental"]). (title, size, metric(row), limit, "max" or "min").
BUILD_TARGETS: tuple[tuple[str, int, Callable[[dict[str, Any]], float | None], float, str], ...] = (
    ("bangun dingin 1.000 naskah ≤ 2× CPU MkDocs polos (rasio)", 1_000, _cold_over_bare_cpu, 2.0, "max"),
    ("bangun dingin 10.000 naskah ≤ 2× CPU MkDocs polos (rasio)", 10_000, _cold_over_bare_cpu, 2.0, "max"),
    ("bangun hangat setelah menyunting satu naskah, 10.000 naskah ≤ 10 detik", 10_000,
     lambda r: _build_value(r, "edit", "s"), 10.0, "max"),
    ("bangun ulang harian tanpa perubahan data, 10.000 naskah ≤ 0,5× bangun dingin (rasio)", 10_000,
     _daily_over_cold, 0.5, "max"),
    ("50.000 naskah dibangun utuh dengan pencarian, puncak memori ≤ 2 GB (MB)", 50_000,
     lambda r: _build_value(r, "cold", "peak_mb"), 2000.0, "max"),
)


def _status(value: float | None, limit: float, kind: str) -> str:
    if value is None:
        return "belum diukur"
    ok = value <= limit if kind == "max" else value >= limit
    return "terpenuhi" if ok else "**tidak terpenuhi**"


def machine_line(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    return (f"{m.get('nproc', '?')} inti ({m.get('cpu', '?')}), RAM {num(m.get('ram_gb'))} GB, "
            f"Python {m.get('python', '?')}, {m.get('system', '?')}")


def label(key: str) -> str:
    return LABELS.get(key, key)


def ordered(results: dict[str, Any], table: str) -> list[str]:
    """Labels of one table (``runs`` or ``site``) oldest first, as recorded in ``order``."""
    keys = list(results.get(table, {}))
    order = list(results.get("order", [])) + [k for k in ORDER if k not in results.get("order", [])]
    return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))


def _time(row: dict[str, Any], key: str, digits: int = 1) -> str:
    """Wall seconds, with CPU seconds in brackets when measured."""
    wall, cpu = row.get(f"{key}_s"), row.get(f"{key}_cpu_s")
    return num(wall, digits) + (f" ({num(cpu, digits)})" if isinstance(cpu, (int, float)) else "")


# One table of a run per question, so that each fits the page's column; a column no row of the table
# measured is left out. (caption, [(heading, cell(row, bare) -> text)]).
Column = tuple[str, Callable[[dict[str, Any], dict[str, Any]], str]]


def _memory_cell(r: dict[str, Any], _b: dict[str, Any]) -> str:
    tree = _get(r, "build_tree_peak_mb")
    if _get(r, "build_peak_mb") is None:
        return "–"
    return num(_get(r, "build_peak_mb"), 0) + (f" ({num(tree, 0)})" if tree is not None else "")


def _material_cell(r: dict[str, Any], _b: dict[str, Any]) -> str:
    return f"{num(r.get('search_mb'), 2)}; {num(r.get('search_gzip_mb'), 2)}" if "search_mb" in r else "–"


def _kb(value: Any) -> str:
    return num(value / 1000, 0) if isinstance(value, (int, float)) else "–"


RUN_TABLES: tuple[tuple[str, tuple[Column, ...]], ...] = (
    ("Validasi (detik)", (
        ("validate", lambda r, b: _time(r, "validate", 2)),
        ("check-jsonschema", lambda r, b: _time(r, "check_jsonschema")),
        ("Rasio", lambda r, b: times(_ratio(r.get("check_jsonschema_s"), r.get("validate_s")))),
        ("Beban", lambda r, b: num(r.get("load_avg"))),
    )),
    ("Pembangunan (detik)", (
        ("generate", lambda r, b: _time(r, "generate", 2)),
        ("MkDocs", lambda r, b: _time(r, "mkdocs")),
        ("Pagefind", lambda r, b: _time(r, "pagefind")),
        ("Pascabangun", lambda r, b: _time(r, "postbuild")),
        ("Bangun penuh", lambda r, b: _time(r, "build")),
    )),
    ("Memori dan ukuran", (
        ("Puncak memori (MB)", _memory_cell),
        ("Situs (MB)", lambda r, b: num(r.get("site_mb"))),
        ("MkDocs polos (dtk)", lambda r, b: num(b.get("bare_s"), 1)),
        ("Indeks Material (MB; gzip)", _material_cell),
    )),
    ("Pencarian Pagefind", (
        ("Puncak memori (MB)", lambda r, b: num(_get(r, "pagefind_peak_mb"), 0)),
        ("Folder pagefind/ (MB)", lambda r, b: num(_get(r, "pagefind_mb"), 1)),
        ("Berkas indeks", lambda r, b: num(r.get("pagefind_files"))),
        ("Unduhan satu kueri (KB)", lambda r, b: _kb(r.get("pagefind_query_bytes"))),
    )),
)


def run_table(rows: dict[str, Any], bare: dict[str, Any]) -> list[str]:
    """The tables of one run: one row per size, only the columns that were measured."""
    out: list[str] = []
    sizes = sorted(rows, key=int)
    for caption, columns in RUN_TABLES:
        cells = [[cell(rows[k], bare.get(k, {})) for _, cell in columns] for k in sizes]
        keep = [i for i in range(len(columns)) if any(row[i] != "–" for row in cells)]
        if not keep:
            continue
        body = [[num(rows[k]["size"]), *(row[i] for i in keep)] for k, row in zip(sizes, cells, strict=True)
                if any(row[i] != "–" for i in keep)]
        out += [*html_table(caption, ["Naskah", *(columns[i][0] for i in keep)], body, numeric=True), ""]
    return out[:-1]


_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")


def inline(text: str) -> str:
    """Escaped text with the report's two Markdown marks (`code`, **strong**) as HTML: the tables are
    HTML (a raw block, which Markdown passes through) so that they become cards on a phone."""
    escaped = html.escape(text, quote=False)
    return _STRONG.sub(r"<strong>\1</strong>", _CODE.sub(r"<code>\1</code>", escaped))


def html_table(caption: str, headings: list[str], rows: list[list[str]], *, numeric: bool = False) -> list[str]:
    """One table as lines of HTML, with no blank line inside (Markdown would end the block there).

    The first cell of a row heads it; on a phone the table becomes one card per row, each value
    under its heading (``ks-cards``, labels by generator.site.page.card_labels, as on generated pages)."""
    kind = "ks-table ks-cards ks-bench" + (" ks-bench--num" if numeric else "")
    lines = [f'<div class="ks-table-wrap"><table class="{kind}">', f"<caption>{inline(caption)}</caption>",
             "<thead><tr>" + "".join(f'<th scope="col">{inline(h)}</th>' for h in headings) + "</tr></thead>",
             "<tbody>"]
    for first, *rest in rows:
        lines.append(f'<tr><th scope="row">{inline(first)}</th>' + "".join(f"<td>{inline(c)}</td>" for c in rest)
                     + "</tr>")
    lines += ["</tbody>", "</table></div>"]
    return card_labels("\n".join(lines)).split("\n")


def latest(results: dict[str, Any], table: str, size: int | None, metric: Callable[[dict[str, Any]], Any]
           ) -> tuple[str, dict[str, Any]] | None:
    """The newest (label, row) of ``table`` where ``metric`` has a value."""
    for key in reversed(ordered(results, table)):
        entry = results[table][key]
        row = entry.get(str(size), {}) if size is not None else entry
        if row and metric(row) is not None:
            return key, row
    return None


def targets_table(results: dict[str, Any]) -> list[str]:
    bare: dict[str, Any] = results.get("bare", {})
    rows: list[list[str]] = []
    for title, size, metric, limit, kind in TARGETS:
        found = latest(results, "runs", size, lambda r, m=metric, s=size: m(r, bare.get(str(s), {})))  # type: ignore[misc]
        value = metric(found[1], bare.get(str(size), {})) if found else None
        shown = num(value * 100 if "%" in title and value is not None else value, 2)
        rows.append([title, shown, label(found[0]) if found else "–", _status(value, limit, kind)])
    for title, size, build_metric, limit, kind in BUILD_TARGETS:
        found = latest(results, "incremental", size, build_metric)
        value = build_metric(found[1]) if found else None
        rows.append([title, num(value, 2), label(found[0]) if found else "–", _status(value, limit, kind)])
    for title, key, limit in (("`make site` 500 naskah ≤ 10 detik", "make_site_s", 10.0),
                              ("pratinjau diperbarui ≤ 3 detik (500 naskah)", "preview", 3.0)):
        def pick(row: dict[str, Any], key: str = key) -> float | None:
            return _get(row.get("preview", {}), "median_s") if key == "preview" else _get(row, key)
        found = latest(results, "site", None, pick)
        value = pick(found[1]) if found else None
        rows.append([title, num(value, 2), label(found[0]) if found else "–", _status(value, limit, "max")])
    return html_table("Sasaran dan nilai terukur", ["Sasaran", "Nilai terukur", "Hasil", "Status"], rows)


BUILD_KINDS = (("cold", "dingin (tanpa tembolok)"), ("warm", "hangat, tanpa perubahan"),
               ("edit", "hangat, satu naskah disunting"), ("daily", "harian: tanggal acuan +1 hari"))
STAGES = (("generate", "generate"), ("mkdocs", "MkDocs"), ("pagefind", "Pagefind"), ("postbuild", "Pascabangun"),
          ("publish", "Terbit"))


def _build_cell(build: Any, key: str = "") -> str:
    """Wall seconds (CPU seconds) of one build or of one of its stages."""
    if not isinstance(build, dict):
        return "–"
    source = build.get("stages", {}) if key else build
    prefix = f"{key}_" if key else ""
    wall, cpu = source.get(f"{prefix}s"), source.get(f"{prefix}cpu_s")
    if not isinstance(wall, (int, float)):
        return "–"
    return num(wall) + (f" ({num(cpu)})" if isinstance(cpu, (int, float)) else "")


def build_tables(rows: dict[str, Any]) -> list[str]:
    """``kerjasama build`` cold, warm, after one edit and the next day, beside bare MkDocs; then, per
    size, where each build's time went (the profile that explains a target not met)."""
    sizes = sorted(rows, key=int)
    body = [[num(rows[k]["size"]), *(_build_cell(rows[k].get(kind)) for kind, _ in BUILD_KINDS),
             _build_cell(rows[k].get("bare")), times(_cold_over_bare_cpu(rows[k])),
             num(_build_value(rows[k], "cold", "peak_mb"), 0), num(rows[k].get("cache_mb"))] for k in sizes]
    out = html_table("`kerjasama build` dingin, hangat dan harian (detik; CPU)",
                     ["Naskah", *(title.capitalize() for _, title in BUILD_KINDS), "MkDocs polos",
                      "CPU dingin / polos", "Puncak memori dingin (MB)", "Tembolok (MB)"], body, numeric=True)
    for k in sizes:
        measured = [(kind, title) for kind, title in BUILD_KINDS if isinstance(rows[k].get(kind), dict)]
        lines = [[title, *(_build_cell(rows[k][kind], stage) for stage, _ in STAGES)] for kind, title in measured]
        if lines:
            out += ["", *html_table(f"Tahap-tahap bangun, {num(rows[k]['size'])} naskah (detik; CPU)",
                                    ["Bangun", *(title for _, title in STAGES)], lines, numeric=True)]
        search = rows[k].get("site", {})
        if isinstance(search, dict) and "pagefind_mb" in search:
            out += ["", *html_table(f"Situs dan pencarian, {num(rows[k]['size'])} naskah",
                                    ["Situs (MB)", "Berkas", "Folder pagefind/ (MB)", "Unduhan satu kueri (KB)"],
                                    [[num(search.get("site_mb")), num(search.get("site_files")),
                                      num(search.get("pagefind_mb")), _kb(search.get("pagefind_query_bytes"))]],
                                    numeric=True)]
    return out


def site_table(results: dict[str, Any]) -> list[str]:
    rows: list[list[str]] = []
    for key in ordered(results, "site"):
        s = results["site"][key]
        preview = s.get("preview", {})
        shown = (f"{num(preview.get('median_s'), 2)}; " + " / ".join(num(x, 2) for x in preview.get("samples_s", []))
                 if "median_s" in preview else preview.get("error", "–"))
        rows.append([label(key), num(s.get("size")), _time(s, "make_site"), shown, num(s.get("load_avg"))])
    return html_table("Waktu per hasil pengukuran", ["Hasil", "Naskah", "`make site` (dtk; CPU)",
                      "Pratinjau setelah menyunting satu berkas (dtk, median; sampel)", "Beban"], rows)


def render(results: dict[str, Any]) -> str:
    runs: dict[str, Any] = results.get("runs", {})
    bare: dict[str, Any] = results.get("bare", {})
    out = [
        "# Kinerja dan skala",
        "",
        "Halaman ini ditulis ulang oleh `make bench` (`python -m benchmarks.run`) dari "
        "`benchmarks/results.json`; jangan menyuntingnya dengan tangan. Register yang diukur adalah register "
        "sintetis (`benchmarks/synth.py`): semua berkas sah, campuran kategori, mitra yang berulang, urusan, "
        "tanggal yang tersebar sejak 2010 (sebagian tanpa tanggal berakhir), teks bebas sepanjang naskah nyata, "
        "dan PKS di bawah KB. Tanggal acuan " + str(results.get("as_of", "?")) + ", benih acak "
        + str(results.get("seed", "?")) + ".",
        "",
        f"Mesin: {machine_line(results)}.",
        "",
        "Setiap angka diukur dalam proses anak tersendiri. Waktu dalam detik: waktu dinding, dengan waktu CPU "
        "(pengguna + sistem, termasuk proses anak) dalam kurung bila diukur. *validate* adalah `kerjasama "
        "validate`; *generate* adalah yang dijalankan `kerjasama build` sebelum MkDocs (validasi, riwayat git, "
        "indeks, semua keluarga halaman, penulisan berkas); *MkDocs* adalah `mkdocs build --strict`; "
        "*Pagefind* adalah pembuatan indeks pencarian atas situs yang sudah dibangun (sejak 4 Desember); "
        "*pascabangun* adalah pemeriksaan situs yang sudah dibangun; *bangun penuh* adalah semuanya. Puncak "
        "memori: proses terbesar, dan dalam kurung jumlah semua proses yang hidup bersamaan (PSS, sehingga memori "
        "yang dipakai bersama proses pekerja hasil fork dihitung sekali; sampel tiap 100 ms). "
        "*MkDocs polos* membangun jumlah halaman biasa yang sama (di luar navigasi) dengan tema Material dan "
        "plugin pencarian. *Indeks Material* adalah search_index.json plugin pencarian Material, yang diunduh utuh "
        "oleh setiap pengunjung (diterbitkan sampai 4 Desember). Untuk Pagefind: puncak memori prosesnya sendiri, "
        "ukuran folder pagefind/ di disk, dan *unduhan satu kueri*: berkas yang dimuat halaman Cari (skrip, "
        "WebAssembly, metadata) ditambah potongan indeks untuk satu kata dan cuplikan lima hasil pertama "
        "(benchmarks/run.py, `pagefind_query_bytes`). *Beban* adalah rata-rata beban mesin (1 menit) saat "
        "pengukuran dimulai: di atas 2, "
        "mesin 2 inti ini dipakai pekerjaan lain dan waktu dinding membengkak, sedangkan waktu CPU hampir tidak "
        "berubah.",
        "",
        "## Sasaran",
        "",
        "Nilai dari hasil terbaru yang mengukurnya.",
        "",
        *targets_table(results),
        "",
    ]
    keys = ordered(results, "runs")
    if keys:
        out += [f"## Hasil terbaru: {label(keys[-1])}", "", *run_table(runs[keys[-1]], bare), ""]
    built = ordered(results, "incremental")
    if built and results["incremental"][built[-1]]:
        out += [f"## Bangun bertahap: {label(built[-1])}", "",
                "Perintah yang sama dengan CI dan staf (`kerjasama build`), dengan folder tembolok sendiri "
                "(`KERJASAMA_CACHE_DIR`): *dingin* tanpa tembolok dan tanpa halaman hasil generate, lalu bangun "
                "*hangat* tanpa perubahan, sesudah judul satu naskah diubah, dan dengan tanggal acuan sehari "
                "kemudian (bangun terjadwal harian). *MkDocs polos* diukur dalam putaran yang sama. Tabel tahap "
                "menunjukkan ke mana waktu setiap bangun pergi (`KERJASAMA_TIMINGS`).", "",
                *build_tables(results["incremental"][built[-1]]), ""]
    if results.get("site"):
        out += ["## `make site` dan pratinjau", "", *site_table(results), ""]
    notes = results.get("catatan", [])
    if notes:
        out += ["## Catatan", ""] + [f"- {note}" for note in notes] + [""]
    if len(keys) > 1:
        out += ["## Riwayat pengukuran", "", "Hasil sebelumnya, dari yang terlama; angka sebelum dan sesudah setiap "
                "optimasi.", ""]
        for key in keys[:-1]:
            out += [f"### {label(key)}", "", *run_table(runs[key], bare), ""]
    return "\n".join(out).rstrip("\n") + "\n"
