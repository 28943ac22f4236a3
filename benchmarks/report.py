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

from generator.site.opendata.shards import NO_REGION
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
    # Issue 16: the whole build, stage by stage (benchmarks/stage.py), so the table shows which stage needs it.
    ("50.000 naskah dibangun utuh dengan pencarian, puncak memori ≤ 2 GB (MB)", 50_000, _memory, 2000.0, "max"),
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
        ("Puncak generate (MB)", lambda r, b: num(_get(r, "generator_peak_mb"), 0)),
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
BUILD_HEADINGS = ("Dingin", "Hangat", "Satu naskah disunting", "Harian (+1 hari)")
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
    # Two tables, so that each fits the page's column at every screen width (tests/browser).
    body = [[num(rows[k]["size"]), *(_build_cell(rows[k].get(kind)) for kind, _ in BUILD_KINDS),
             _build_cell(rows[k].get("bare"))] for k in sizes]
    out = html_table("`kerjasama build` dingin, hangat dan harian (detik; CPU)",
                     ["Naskah", *(short for short in BUILD_HEADINGS), "MkDocs polos"], body, numeric=True)
    body = [[num(rows[k]["size"]), times(_cold_over_bare_cpu(rows[k])),
             num(_build_value(rows[k], "cold", "peak_mb"), 0), num(rows[k].get("cache_mb"))] for k in sizes]
    out += ["", *html_table("Rasio, memori dan tembolok", ["Naskah", "CPU dingin / MkDocs polos",
                                                            "Puncak memori dingin (MB)", "Tembolok (MB)"],
                            body, numeric=True)]
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
        "*Pagefind* adalah pembuatan indeks pencarian atas situs yang sudah dibangun (sejak 4 Desember; sejak "
        "5 Desember register di atas 5.000 naskah diindeks dalam beberapa bundel, satu run Pagefind per bundel "
        "secara berurutan, dan halaman Cari menggabungkannya dengan `mergeIndex`); "
        "*pascabangun* adalah pemeriksaan situs yang sudah dibangun; *bangun penuh* adalah semuanya. Puncak "
        "memori: proses terbesar, dan dalam kurung jumlah semua proses yang hidup bersamaan (PSS, sehingga memori "
        "yang dipakai bersama proses pekerja hasil fork dihitung sekali; sampel tiap 100 ms). "
        "*MkDocs polos* membangun jumlah halaman biasa yang sama (di luar navigasi) dengan tema Material dan "
        "plugin pencarian. *Indeks Material* adalah search_index.json plugin pencarian Material, yang diunduh utuh "
        "oleh setiap pengunjung (diterbitkan sampai 4 Desember). Untuk Pagefind: puncak memori prosesnya sendiri "
        "(run terbesar), ukuran folder pagefind/ (dan folder bundel) di disk, dan *unduhan satu kueri*: berkas "
        "yang dimuat halaman Cari (skrip, WebAssembly, metadata setiap bundel) ditambah potongan indeks untuk "
        "satu kata dan cuplikan lima hasil pertama "
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
    keys = [key for key in ordered(results, "runs") if runs[key]]  # a run of only other tables has no rows here
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
    out += shards_section(results)
    notes = results.get("catatan", [])
    if notes:
        out += ["## Catatan", ""] + [f"- {note}" for note in notes] + [""]
    if len(keys) > 1:
        out += ["## Riwayat pengukuran", "", "Hasil sebelumnya, dari yang terlama; angka sebelum dan sesudah setiap "
                "optimasi.", ""]
        for key in keys[:-1]:
            out += [f"### {label(key)}", "", *run_table(runs[key], bare), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- issue 16 point 4: a register built in shards (benchmarks/shards.py) ------------------------
SHARD_KEYS = {"awalan": "awalan id (di register ini: tahun pada id)", "provinsi": "provinsi mitra"}

# A valid GitHub Actions workflow for the design (tests/test_shards.py lints it with actionlint);
# printed in the note as an indented code block (the site's Markdown has no fenced code).
SHARD_WORKFLOW = """\
name: Register dalam shard
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  rencana:
    runs-on: ubuntu-latest
    outputs:
      shard: ${{ steps.rencana.outputs.shard }}
      tanggal: ${{ steps.rencana.outputs.tanggal }}
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0
        with:
          python-version: "3.11"
      - run: make .venv/.runtime-installed
      - name: Periksa register utuh sekali (id, tautan, mitra, pengecualian)
        run: .venv/bin/kerjasama validate
      - id: rencana
        run: |
          echo "shard=$(.venv/bin/python -m benchmarks.shards plan agreements awalan 4)" >> "$GITHUB_OUTPUT"
          echo "tanggal=$(TZ=Asia/Jakarta date +%F)" >> "$GITHUB_OUTPUT"
  shard:
    needs: rencana
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: ${{ fromJSON(needs.rencana.outputs.shard) }}
    env:
      SHARD: ${{ matrix.shard }}
      TANGGAL: ${{ needs.rencana.outputs.tanggal }}
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0
        with:
          python-version: "3.11"
      - run: make .venv/.runtime-installed
      - name: Salin berkas shard ini saja
        run: |
          .venv/bin/python -m benchmarks.shards plan agreements awalan 4 "$SHARD" > shard.txt
          mkdir -p bagian/agreements
          cp -r mkdocs.yml schema data bagian/
          sed 's|^|agreements/|' shard.txt | xargs cp -t bagian/agreements/
      - id: simpanan
        uses: actions/cache@v4
        with:
          path: bagian/docs/_generated
          key: shard-${{ matrix.shard }}-${{ needs.rencana.outputs.tanggal }}-${{ hashFiles('bagian/**', 'generator/**') }}
      - if: steps.simpanan.outputs.cache-hit != 'true'
        run: .venv/bin/python -m benchmarks.shards generate bagian "$TANGGAL"
      - uses: actions/upload-artifact@v4
        with:
          name: shard-${{ matrix.shard }}
          path: bagian/docs/_generated
  gabung:
    needs: shard
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0
        with:
          python-version: "3.11"
      - run: make .venv/.runtime-installed
      - uses: actions/download-artifact@v4
        with:
          pattern: shard-*
          path: hasil
      - name: Gabungkan data terbuka
        run: |
          set -- hasil/shard-*
          .venv/bin/python -m benchmarks.shards merge gabungan $(for d in "$@"; do echo "${d#hasil/shard-}=$d"; done)
      - uses: actions/upload-artifact@v4
        with:
          name: data-terbuka
          path: gabungan
"""


def _shard_rows(data: dict[str, Any]) -> list[list[str]]:
    whole = data.get("whole", {})
    plan = data.get("plan", {})
    rows = [["Utuh (satu job)", num(whole.get("records")), _cost(whole), num(_get(whole, "peak_mb"), 0)]]
    if plan:
        rows.append(["Rencana", num(data.get("size")), _cost(plan), num(_get(plan, "peak_mb"), 0)])
    for count in sorted(data.get("runs", {}), key=int):
        run = data["runs"][count]
        parts = run.get("parts", [])
        for part in parts:
            rows.append([f"{count} shard: {part['name']}", num(part.get("records")), _cost(part),
                         num(_get(part, "peak_mb"), 0)])
        merge = run.get("merge")
        if merge:
            rows.append([f"{count} shard: penggabungan", "–", _cost(merge), num(_get(merge, "peak_mb"), 0)])
            def path(key: str, parts: list[dict[str, Any]] = parts, merge: dict[str, Any] = merge) -> float:
                return ((_get(plan, key) or 0.0) + max((_get(p, key) or 0.0 for p in parts), default=0.0)
                        + (_get(merge, key) or 0.0))
            rows.append([f"{count} shard: jalur terpanjang", "–", f"{num(path('s'), 1)} ({num(path('cpu_s'), 1)})",
                         "–"])
    return rows


def _cost(row: dict[str, Any]) -> str:
    """Wall seconds of a child, with its CPU seconds in brackets."""
    return num(_get(row, "s"), 1) + (f" ({num(_get(row, 'cpu_s'), 1)})" if _get(row, "cpu_s") is not None else "")


def _shard_findings(count: str, run: dict[str, Any]) -> str:
    compare = run.get("compare")
    if run.get("blocking"):
        return (f"- {count} shard: rencana ditolak ({len(run['blocking'])} masalah penghalang, misalnya: "
                f"{run['blocking'][0]})")
    if not compare:
        return f"- {count} shard: belum diukur."
    same = compare["identical"] == compare["files"] and not compare.get("missing")
    verdict = (f"hasil gabungan identik byte demi byte dengan pembangunan utuh ({num(compare['identical'])} dari "
               f"{num(compare['files'])} berkas)" if same else
               f"**hasil gabungan berbeda** dari pembangunan utuh: {num(compare['identical'])} dari "
               f"{num(compare['files'])} berkas sama; berbeda: {', '.join(compare.get('different', [])[:5]) or '–'}; "
               f"hilang: {', '.join(compare.get('missing', [])[:5]) or '–'}")
    return (f"- {count} shard: {verdict}. Mitra yang naskahnya tersebar di lebih dari satu shard: "
            f"{num(run.get('partners_spanning'))}. Tautan antarnaskah yang akan melintasi shard bila setiap naskah "
            f"mengikuti kuncinya sendiri: {num(run.get('cross_links'))}; karena itu rencana menaruh satu keluarga naskah "
            "(KB dengan PKS-nya, naskah dengan perpanjangannya) di shard naskah pertamanya."
            + _province_note(run))


def _province_note(run: dict[str, Any]) -> str:
    """How the same register would split by partner province (planned only, not built)."""
    sizes = run.get("by_province")
    if not sizes:
        return ""
    share = max(sizes) / sum(sizes) * 100 if sum(sizes) else 0.0
    return (f" Dengan kunci provinsi mitra, shard-nya berisi {' / '.join(num(n) for n in sizes)} naskah (shard "
            f"terbesar {num(share, 0)}%): mitra tanpa kode wilayah (kementerian, bank, lembaga nasional) jatuh ke satu "
            f"kelompok ({NO_REGION}). Kunci provinsi cocok untuk register banyak daerah, tempat setiap naskah milik "
            "satu daerah.")


def _build_share(results: dict[str, Any], size: Any) -> str:
    """Where a whole build's time goes at the sharded size, from the newest run that measured it."""
    found = latest(results, "runs", size, lambda r: _get(r, "mkdocs_cpu_s") if _get(r, "generate_cpu_s") else None)
    if found is None:
        return "Pembangunan utuh seukuran ini belum diukur. "
    row = found[1]
    pagefind = _get(row, "pagefind_cpu_s")
    return (f"Pada {num(size)} naskah (hasil {label(found[0])}), pembangunan utuh memakai waktu CPU "
            f"{num(_get(row, 'generate_cpu_s'))} detik untuk *generate* (validasi, semua halaman, dan data terbuka) "
            f"dan {num(_get(row, 'mkdocs_cpu_s'))} detik untuk MkDocs"
            + (f", ditambah {num(pagefind)} detik untuk Pagefind" if pagefind is not None else "")
            + " (tabel *Pembangunan* di atas). ")


def shards_section(results: dict[str, Any]) -> list[str]:
    """The design note for a register built in shards, with the cost measured by
    benchmarks/shards.py (``results["shards"]``); empty when it was never measured."""
    data = results.get("shards")
    if not data:
        return []
    size, by = data.get("size"), SHARD_KEYS.get(data.get("by", ""), data.get("by", "?"))
    runs = data.get("runs", {})
    out = [
        "## Register besar dalam beberapa bagian (shard)",
        "",
        "Catatan rancangan untuk register banyak daerah (misalnya satu register untuk semua pemerintah daerah "
        "sebuah provinsi): pembangunan dibagi menjadi *shard*, satu job matriks GitHub Actions per provinsi atau "
        "per awalan id, lalu satu job terakhir menggabungkannya. Yang sudah ada: rencana pembagian dan "
        "penggabungan data terbuka (`generator/site/opendata/shards.py`), pengukurannya (`benchmarks/shards.py`, "
        "`python -m benchmarks.run --shards 2,4 --only-shards`), dan demo dua shard yang dibandingkan dengan "
        "pembangunan utuh (`tests/test_shards.py`).",
        "",
        f"### Biaya terukur: {num(size)} naskah, kunci {by}",
        "",
        "Setiap shard mendapat salinan repositori dengan berkas naskahnya saja, lalu memvalidasi dan membuat data "
        "terbukanya (API JSON, CSV, kalender, feed, lencana) dalam proses anak tersendiri, seperti satu job "
        "matriks. Penggabungan juga satu proses anak. Waktu dinding dalam detik, waktu CPU dalam kurung; puncak "
        "memori proses terbesar. *Rencana* membaca semua berkas naskah dan menyusun setiap pembagian yang "
        "diukur (juga tanpa pengelompokan keluarga dan menurut provinsi, untuk catatan di bawah tabel), jadi lebih "
        "lama daripada satu rencana. *Jalur terpanjang* adalah rencana, shard terlama, dan penggabungan: waktu tunggu "
        "bila semua shard berjalan bersamaan di mesin terpisah (tanpa waktu menyiapkan job); di sini shard diukur "
        "berurutan di satu mesin, jadi waktu CPU-nya (dalam kurung: jumlah CPU rencana, shard dengan CPU terbesar, "
        "dan penggabungan) lebih dapat dipegang daripada waktu dinding bila beban tinggi. Penggabungan memegang "
        "daftar API seluruh register (satu berkas JSON) sekaligus, sehingga memorinya tidak mengecil dengan jumlah "
        "shard. "
        f"Beban mesin saat mulai: {num(data.get('load_avg'))}.",
        "",
        *html_table(f"Biaya per shard ({num(size)} naskah)", ["Bagian", "Naskah", "Waktu (dtk; CPU)",
                                                               "Puncak memori (MB)"], _shard_rows(data), numeric=True),
        "",
        *[_shard_findings(count, runs[count]) for count in sorted(runs, key=int)],
        "",
        "### Rancangan alur kerja",
        "",
        "1. Job *rencana* memvalidasi register utuh sekali (`kerjasama validate`: pemeriksaan lintas naskah seperti "
        "keunikan id dan rujukan hanya bermakna di sini; lihat waktu *validate* di atas), membaca semua berkas naskah "
        "(hanya id, tautan, dan pihak), membagi register menurut "
        "kuncinya (`python -m benchmarks.shards plan agreements awalan 4`), dan berhenti dengan semua masalah "
        "penghalang sekaligus bila ada. Keluarannya daftar shard untuk matriks.",
        "2. Setiap job *shard* menyalin berkas naskahnya saja, memvalidasi dan membuat data terbukanya, lalu "
        "mengunggahnya sebagai artefak. Simpanan (cache) per shard memakai kunci dari nama shard, tanggal acuan, dan "
        "sidik berkas shard itu beserta kode generator: shard yang tidak berubah hari itu tidak dibangun ulang.",
        "3. Job *gabung* mengunduh semua artefak dan menggabungkannya. Daftar API, CSV, dan setiap kalender "
        "(semua, per mitra, per urusan, per perangkat daerah) digabung menurut urutan id; berkas per naskah (JSON "
        "dan lencana) diambil dari shard pemiliknya; OpenAPI dan skema JSON harus sama di semua shard. Hasilnya "
        "identik dengan pembangunan utuh (diuji).",
        "4. Belum dibangun: halaman indeks nasional dan situsnya (lihat di bawah), lalu deploy.",
        "",
        "Contoh alur kerja (sah menurut actionlint, diuji; belum dipasang di `.github/workflows/`):",
        "",
        *["    " + line if line else "" for line in SHARD_WORKFLOW.splitlines()],
        "",
        "### Yang harus global",
        "",
        "- **Keunikan id.** Setiap shard hanya melihat naskahnya sendiri. Penggabungan menolak id yang ada di dua "
        "shard dengan pesan yang menyebut id dan kedua shard-nya; tidak ada yang ditimpa diam-diam.",
        "- **Tautan antarnaskah** (`naskah_induk`, `memperpanjang`, `menggantikan`). Shard yang berisi PKS tanpa "
        "KB-nya gagal validasi, perpanjangan di shard lain membuat status naskah lama salah, dan penggantian "
        "lintas shard menerbitkan pengalihan alamat untuk naskah yang masih ada. Rencana menaruh satu keluarga "
        "naskah di satu shard; tanpa itu setiap tautan lintas shard disebut sebagai masalah penghalang.",
        "- **Identitas mitra.** Alamat halaman mitra dan nama tampilnya (ejaan pertama menurut id) ditentukan "
        "dari seluruh register. Rencana membandingkan hasil tiap shard dengan register utuh dan menolak bila "
        "berbeda (beri `id_mitra` yang tetap atau samakan ejaan). Mitra yang naskahnya tersebar di beberapa shard "
        "hanya dicatat: kalendernya digabung, halamannya dibuat oleh tahap gabungan.",
        "- **Yang dihitung atas seluruh register** tidak digabung: radar segera berakhir, statistik, feed Atom, "
        "beranda, katalog, halaman mitra, dan indeks pencarian. Tahap gabungan membangunnya dari register utuh.",
        "- **Berkas data bersama** (`data/`) disalin ke setiap shard. Daftar pengecualian data pribadi menyebut "
        "berkas naskah, sehingga di shard yang tidak memuat berkas itu entrinya tampak usang (peringatan "
        "`pengecualian-usang`): peringatan itu hanya bermakna bila diperiksa sekali atas register utuh, di job "
        "*rencana*.",
        "- **Pengaturan yang sama** di semua shard: versi skema, tanggal acuan, alamat situs "
        "(`KERJASAMA_SITE_URL`). Penggabungan menolak shard yang dibangun berbeda.",
        "",
        "### Satu situs atau situs per shard",
        "",
        _build_share(results, size) + "Ada dua pilihan untuk tahap terakhir:",
        "",
        "- **Satu pembangunan MkDocs + Pagefind** atas register utuh dan data gabungan. Situs tetap satu "
        "(navigasi, katalog, dan pencarian utuh), tetapi waktunya tetap sebesar register utuh: shard hanya "
        "menghemat validasi dan data terbuka. Memori Pagefind tidak: halaman naskah diindeks dalam bundel "
        "sekitar 5.000 naskah (menurut awalan hash id, satu run per bundel secara berurutan), dan sesudah satu "
        "naskah disunting hanya bundelnya yang diindeks ulang.",
        "- **Situs per shard di bawah subjalur** (misalnya `/wilayah/63/`), masing-masing dengan MkDocs dan "
        "Pagefind sendiri di job shard-nya, ditambah situs indeks nasional yang kecil (beranda, katalog, halaman "
        "mitra lintas shard, data gabungan). Waktu MkDocs terbagi, tetapi katalog dan halaman mitra di situs indeks "
        "harus menunjuk ke subjalur setiap shard, dan pencarian lintas shard memakai fitur multisite Pagefind: "
        "halaman Cari situs indeks memuat indeks setiap shard dengan `mergeIndex` (di Pagefind UI: "
        "`mergeIndex: [{ bundlePath: \"/wilayah/63/pagefind/\" }]`). Pengunjung lalu mengunduh metadata "
        "setiap indeks shard untuk satu kueri, sehingga unduhan satu kueri bertambah dengan jumlah shard.",
        "",
        "Untuk register ini (satu kota) satu mesin masih cukup; rancangan ini baru perlu bila register mencakup "
        "banyak daerah.",
        "",
    ]
    return out
