"""Render ``benchmarks/results.json`` as the published page ``docs/panduan/kinerja.md``.

The page holds only numbers measured by ``benchmarks.run`` and the notes kept under
``"catatan"`` in the results file, so it never drifts from the measurements.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

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


TARGETS: tuple[Target, ...] = (
    ("validate 10.000 naskah ≤ 3 detik", 10_000, lambda r, b: _get(r, "validate_s"), 3.0, "max"),
    ("validate ≥ 3× lebih cepat dari check-jsonschema", 10_000,
     lambda r, b: _ratio(r.get("check_jsonschema_s"), r.get("validate_s")), 3.0, "min"),
    ("validate + generate ≤ 15% waktu MkDocs", 10_000,
     lambda r, b: _ratio(r.get("generate_s"), r.get("mkdocs_s")), 0.15, "max"),
    ("puncak memori pembangunan 20.000 naskah ≤ 1 GB", 20_000,
     lambda r, b: _get(r, "build_peak_mb"), 1000, "max"),
    ("data pencarian 20.000 naskah ≤ 8 MB", 20_000, lambda r, b: _get(r, "search_mb"), 8.0, "max"),
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


def run_table(rows: dict[str, Any], bare: dict[str, Any]) -> list[str]:
    lines = [
        "| Naskah | validate (dtk) | check-jsonschema (dtk) | Rasio | generate (dtk) | MkDocs (dtk) "
        "| Bangun penuh (dtk) | Puncak memori (MB) | Situs (MB) | Indeks pencarian (MB; gzip) "
        "| MkDocs polos (dtk) | Rasio ke polos |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in sorted(rows, key=int):
        r, b = rows[key], bare.get(key, {})
        peak = _get(r, "build_peak_mb")
        search = f"{num(r.get('search_mb'), 2)}; {num(r.get('search_gzip_mb'), 2)}" if "search_mb" in r else "–"
        lines.append(
            f"| {num(r['size'])} | {num(r.get('validate_s'), 2)} | {num(r.get('check_jsonschema_s'), 1)} "
            f"| {times(_ratio(r.get('check_jsonschema_s'), r.get('validate_s')))} | {num(r.get('generate_s'), 2)} "
            f"| {num(r.get('mkdocs_s'), 1)} | {num(r.get('build_s'), 1)} | {num(peak, 0)} | {num(r.get('site_mb'))} "
            f"| {search} | {num(b.get('bare_s'), 1)} | {times(_ratio(r.get('build_s'), b.get('bare_s')))} |")
    return lines


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
        "Setiap angka diukur dalam proses anak tersendiri. *validate* adalah `kerjasama validate`; "
        "*generate* adalah validasi, indeks dan semua keluarga halaman sampai berkas ditulis; *MkDocs* adalah "
        "`mkdocs build --strict`; *bangun penuh* adalah seluruh `kerjasama build` termasuk pemeriksaan "
        "pascabangun. Puncak memori adalah RSS terbesar satu proses. *MkDocs polos* membangun jumlah halaman "
        "biasa yang sama (di luar navigasi) dengan tema Material dan plugin pencarian.",
        "",
    ]
    for label in sorted(runs, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k)):
        out += [f"## Hasil {LABELS.get(label, label)}", "", *run_table(runs[label], bare), ""]
    site = results.get("site", {})
    if site:
        out += ["## `make site` dan pratinjau", "",
                "| Hasil | Naskah | `make site` (dtk) | Pratinjau setelah menyunting satu berkas (dtk, median) |",
                "| --- | ---: | ---: | ---: |"]
        for label in sorted(site, key=lambda k: (k != "before", k)):
            s = site[label]
            preview = s.get("preview", {})
            shown = num(preview.get("median_s"), 2) if "median_s" in preview else preview.get("error", "–")
            out.append(f"| {LABELS.get(label, label)} | {num(s.get('size'))} | {num(s.get('make_site_s'), 1)} | {shown} |")
        out.append("")
    latest = runs.get("after") or (runs[max(runs)] if runs else {})
    latest_site = site[list(site)[-1]] if site else {}  # the make site / preview run recorded last
    out += ["## Sasaran", "", "| Sasaran | Nilai terukur | Status |", "| --- | ---: | --- |"]
    for title, size, metric, limit, kind in TARGETS:
        row = latest.get(str(size))
        value = metric(row, bare.get(str(size), {})) if row else None
        shown = num(value * 100 if "%" in title and value is not None else value, 2)
        out.append(f"| {title} | {shown} | {_status(value, limit, kind)} |")
    make_site = _get(latest_site, "make_site_s")
    out.append(f"| `make site` 500 naskah ≤ 10 detik | {num(make_site, 1)} | {_status(make_site, 10, 'max')} |")
    preview = latest_site.get("preview", {}).get("median_s")
    out.append(f"| pratinjau diperbarui ≤ 3 detik (500 naskah) | {num(preview, 2)} | {_status(preview, 3, 'max')} |")
    notes = results.get("catatan", [])
    if notes:
        out += ["", "## Catatan", ""] + [f"- {note}" for note in notes]
    return "\n".join(out) + "\n"
