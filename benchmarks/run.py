"""The benchmark command: ``make bench`` -> ``python -m benchmarks.run --sizes 100,1000,10000``.

For each size it writes a synthetic register into a throw-away checkout under
``benchmarks/out/`` and measures, each in its own child process:

- ``kerjasama validate`` (time, peak memory) and ``check-jsonschema`` on the same files and
  schema (the ratio says how much faster our validator is while doing more checks);
- one full build through the same functions as ``kerjasama build``, stage by stage
  (validate, index, pages, write, ``mkdocs build --strict``, post-build checks);
- the size of the built site and of the search index a visitor downloads (raw and gzip);
- a bare MkDocs + Material build of the same number of plain pages, for the ratio.

It also times ``make site`` at 500 agreements (validate + build, as the Makefile runs them)
and the preview under ``mkdocs serve`` after editing one file. Results are merged into
``benchmarks/results.json`` under a label (``before``/``after`` an optimisation) and the
table in ``docs/panduan/kinerja.md`` is rewritten from that file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.bare import build_bare
from benchmarks.incremental import bench_incremental
from benchmarks.measure import Measure, gzip_size, machine, run, tree_size
from benchmarks.serve import measure_preview
from benchmarks.shards import bench_shards
from benchmarks.synth import AS_OF, write_register
from generator.commands import publish
from generator.site import search

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results.json"
PAGE = REPO / "docs" / "panduan" / "kinerja.md"
WORK = REPO / "benchmarks" / "out"
CHECK_JSONSCHEMA_BATCH = 4000  # files per check-jsonschema call, to stay under the argv limit
SITE_INPUTS = ("mkdocs.yml", "schema", "docs", "data")


def workspace(root: Path, size: int, seed: int) -> Path:
    """A throw-away checkout: the site inputs of this repository and a synthetic register."""
    root.mkdir(parents=True, exist_ok=True)
    for name in SITE_INPUTS:
        source, target = REPO / name, root / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("_generated"))
        elif source.is_file():
            shutil.copy2(source, target)
    write_register(root / "agreements", size, seed)
    return root


def _mb(measure: Measure) -> float:
    return round(measure.peak_mb, 1)


def _fail(what: str, measure: Measure) -> RuntimeError:
    tail = (measure.stdout + measure.stderr)[-3000:]
    return RuntimeError(f"{what} gagal (kode {measure.returncode}):\n{tail}")


def bench_validate(root: Path, as_of: str) -> dict[str, Any]:
    measure = run([sys.executable, "-m", "generator", "--root", str(root), "validate", "--as-of", as_of,
                   "--format", "json"])
    if measure.returncode != 0:
        raise _fail("kerjasama validate", measure)
    return {"validate_s": round(measure.seconds, 3), "validate_cpu_s": measure.cpu_s, "validate_peak_mb": _mb(measure)}


def bench_check_jsonschema(root: Path) -> dict[str, Any]:
    tool = Path(sys.executable).with_name("check-jsonschema")
    files = sorted(str(p) for p in (root / "agreements").glob("*.yaml"))
    seconds, cpu, batches = 0.0, 0.0, 0
    for start in range(0, len(files), CHECK_JSONSCHEMA_BATCH):
        measure = run([str(tool), "--schemafile", str(root / "schema" / "kerja-sama.schema.json"),
                       *files[start:start + CHECK_JSONSCHEMA_BATCH]])
        if measure.returncode != 0:
            raise _fail("check-jsonschema", measure)
        seconds += measure.seconds
        cpu += measure.cpu_s
        batches += 1
    return {"check_jsonschema_s": round(seconds, 3), "check_jsonschema_cpu_s": round(cpu, 2),
            "check_jsonschema_calls": batches}


def site_metrics(site: Path) -> dict[str, Any]:
    size, files = tree_size(site)
    index = site / "search" / "search_index.json"
    out: dict[str, Any] = {"site_mb": round(size / 1e6, 1), "site_files": files}
    if index.is_file():
        out |= {"search_mb": round(index.stat().st_size / 1e6, 2), "search_gzip_mb": round(gzip_size(index) / 1e6, 2)}
    bundles = sorted(p for p in site.iterdir() if p.is_dir() and search.is_bundle(p.name)) if site.is_dir() else []
    if (site / search.FOLDER).is_dir():  # pagefind/ and, for a large register, the agreement bundles
        sizes = [tree_size(bundle) for bundle in bundles]
        out |= {"pagefind_mb": round(sum(size for size, _ in sizes) / 1e6, 2),
                "pagefind_files": sum(files for _, files in sizes), "pagefind_bundles": len(bundles),
                "pagefind_query_bytes": pagefind_query_bytes(site / search.FOLDER,
                                                             [b for b in bundles if b.name != search.FOLDER])}
    return out


# What the Cari page loads before the first query (docs/cari.md: Pagefind's UI and what it loads).
PAGEFIND_STARTUP = ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js", "pagefind-entry.json",
                    f"wasm.{search.LANGUAGE}.pagefind")
RESULTS_SHOWN = 5  # Pagefind's UI loads the excerpts of the first five results


def pagefind_query_bytes(folder: Path, merged: list[Path] | None = None) -> int:
    """Bytes a visitor downloads for a one-word query, an upper bound: the Cari page's start-up
    files and metadata, the largest index chunk (a word's postings are in one chunk), and the
    excerpts of the first results, at the mean excerpt size (files as written; the host may
    compress the scripts further). Each merged bundle (generator/site/search.py) adds its entry,
    metadata and largest chunk (its scripts are not loaded)."""
    startup = sum((folder / name).stat().st_size for name in PAGEFIND_STARTUP if (folder / name).is_file())
    total = float(startup)
    fragments: list[int] = []
    for bundle in [folder, *(merged or [])]:
        entry = bundle / "pagefind-entry.json"
        total += entry.stat().st_size if bundle != folder and entry.is_file() else 0
        total += sum(p.stat().st_size for p in bundle.glob("*.pf_meta"))
        total += max((p.stat().st_size for p in (bundle / "index").glob("*.pf_index")), default=0)
        fragments.extend(p.stat().st_size for p in (bundle / "fragment").glob("*.pf_fragment"))
    excerpt = sum(fragments) / len(fragments) if fragments else 0
    return round(total + RESULTS_SHOWN * excerpt)


def bench_build(root: Path, as_of: str, *, postbuild: bool = True) -> dict[str, Any]:
    site = root.parent / "site"
    measure = run([sys.executable, "-m", "benchmarks.stage", str(root), str(site), as_of,
                   *([] if postbuild else ["--no-postbuild"])], cwd=REPO)
    try:
        stages: dict[str, Any] = json.loads(measure.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError) as exc:
        raise _fail("build", measure) from exc
    if measure.returncode != 0:
        stages["build_failed"] = True
    stages |= {"build_s": round(measure.seconds, 2), "build_cpu_s": measure.cpu_s, "build_peak_mb": _mb(measure),
               "build_tree_peak_mb": measure.tree_peak_mb, **site_metrics(site)}
    if not stages.get("postbuild_problems"):
        stages.pop("problems_sample", None)
    return stages


def bench_bare(work: Path, size: int) -> dict[str, Any]:
    root = work / f"bare-{size}"
    measure = build_bare(work, size)
    if measure.returncode != 0:
        raise _fail("bare mkdocs build", measure)
    return {"bare_s": round(measure.seconds, 2), "bare_peak_mb": _mb(measure),
            **{f"bare_{k}": v for k, v in site_metrics(root / "site").items()}}


# What `make site` runs, after its setup step (tests/test_benchmarks.py holds the two equal).
MAKE_SITE_COMMANDS = (("build",),)


def bench_make_site(root: Path, as_of: str) -> dict[str, Any]:
    """What ``make site`` runs (:data:`MAKE_SITE_COMMANDS`), timed end to end."""
    base = [sys.executable, "-m", "generator", "--root", str(root)]
    site = root.parent / "site"
    if site.is_dir():  # built by benchmarks.stage with the same pipeline: `make site` replaces it, as its own
        (site / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    out: dict[str, Any] = {}
    seconds = cpu = peak = 0.0
    for command in MAKE_SITE_COMMANDS:
        measure = run([*base, *command, "--as-of", as_of,
                       *(["--site-dir", str(root.parent / "site")] if command == ("build",) else [])])
        seconds, cpu = seconds + measure.seconds, cpu + measure.cpu_s
        peak = max(peak, _mb(measure), measure.tree_peak_mb)
        if measure.returncode:  # recorded, not fatal: the rest is still worth measuring
            out["make_site_error"] = str(_fail("make site", measure))[-1500:]
            break
    return out | {"make_site_s": round(seconds, 2), "make_site_cpu_s": round(cpu, 2), "make_site_peak_mb": peak}


def load_results(path: Path) -> dict[str, Any]:
    if path.is_file():
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    return {}


def save_results(path: Path, results: dict[str, Any]) -> None:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Ukur validasi, pembuatan halaman dan pembangunan situs.")
    parser.add_argument("--sizes", default="100,1000,10000", help="jumlah naskah, dipisah koma")
    parser.add_argument("--label", default="after", help="label hasil, mis. before/after (bawaan: after)")
    parser.add_argument("--as-of", default=AS_OF.isoformat())
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--build-max", type=int, default=20_000, help="tanpa pembangunan situs di atas jumlah ini")
    parser.add_argument("--check-jsonschema-max", type=int, default=10_000)
    parser.add_argument("--postbuild-max", type=int, default=20_000,
                        help="tanpa pemeriksaan pascabangun di atas jumlah ini (bangun penuh lalu tanpa tahap itu)")
    parser.add_argument("--bare", choices=("reuse", "run", "skip"), default="reuse",
                        help="pembanding MkDocs polos: pakai hasil tersimpan, ukur ulang, atau lewati")
    parser.add_argument("--site-size", type=int, default=500, help="ukuran untuk make site dan pratinjau (0: lewati)")
    parser.add_argument("--no-serve", action="store_true", help="lewati pengukuran pratinjau mkdocs serve")
    parser.add_argument("--incremental-sizes", default="1000,10000",
                        help="ukuran untuk bangun dingin/hangat/harian dengan kerjasama build (kosong: lewati)")
    parser.add_argument("--scale-size", type=int, default=0,
                        help="ukuran untuk satu bangun dingin utuh dengan kerjasama build (0: lewati; puncak memori "
                             "per tahap diukur oleh --sizes 50000 --build-max 50000)")
    parser.add_argument("--preview-size", type=int, default=0,
                        help="ukuran tambahan untuk pratinjau make serve (0: hanya --site-size)")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--results", type=Path, default=RESULTS, help="berkas hasil (bawaan: benchmarks/results.json)")
    parser.add_argument("--page", type=Path, default=PAGE, help="halaman dokumentasi yang ditulis ulang")
    parser.add_argument("--report-only", action="store_true", help="hanya tulis ulang halaman dari results.json")
    parser.add_argument("--shards", default="", help="ukur register dalam shard: jumlah shard, dipisah koma (mis. 2,4)")
    parser.add_argument("--shards-size", type=int, default=10_000, help="jumlah naskah register yang dibagi shard")
    parser.add_argument("--only-shards", action="store_true", help="hanya ukur shard (tanpa ukuran lain dan make site)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = load_results(args.results)
    if args.shards and not args.report_only:  # issue 16: a register built in shards (benchmarks/shards.py)
        results["shards"] = bench_shards(args.work, args.shards_size, [int(c) for c in args.shards.split(",") if c.strip()],
                                         seed=args.seed, as_of=args.as_of)
        save_results(args.results, results)
    if not args.report_only and not args.only_shards:
        results["machine"] = machine()
        results["as_of"], results["seed"] = args.as_of, args.seed
        label = results.setdefault("runs", {}).setdefault(args.label, {})
        order = results.setdefault("order", [])
        if args.label in order:
            order.remove(args.label)
        order.append(args.label)  # the report lists runs in the order they were last measured
        bare = results.setdefault("bare", {})
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            print(f"== {size} naskah", flush=True)
            root = workspace(args.work / f"r{size}" / "repo", size, args.seed)
            row: dict[str, Any] = {"size": size, "load_avg": round(os.getloadavg()[0], 1),
                                   **bench_validate(root, args.as_of)}
            if size <= args.check_jsonschema_max:
                row |= bench_check_jsonschema(root)
            if size <= args.build_max:
                row |= bench_build(root, args.as_of, postbuild=size <= args.postbuild_max)
                if args.bare == "run" or (args.bare == "reuse" and str(size) not in bare):
                    bare[str(size)] = bench_bare(args.work, size)
            label[str(size)] = row
            print(json.dumps(row, sort_keys=True), flush=True)
            save_results(args.results, results)
        incremental = results.setdefault("incremental", {}).setdefault(args.label, {})
        scale = [args.scale_size] if args.scale_size else []
        for size in [int(s) for s in args.incremental_sizes.split(",") if s.strip()] + scale:
            print(f"== bangun bertahap {size} naskah", flush=True)
            root = workspace(args.work / f"b{size}" / "repo", size, args.seed)
            row = bench_incremental(root, args.work, size, args.as_of, warm=size != args.scale_size)
            row["site"] = site_metrics(root.parent / "site-bertahap")
            incremental[str(size)] = row
            print(json.dumps(row, sort_keys=True), flush=True)
            save_results(args.results, results)
        if args.preview_size:
            root = workspace(args.work / f"r{args.preview_size}" / "repo", args.preview_size, args.seed)
            results.setdefault("preview", {}).setdefault(args.label, {})[str(args.preview_size)] = \
                measure_preview(root, args.as_of)
            save_results(args.results, results)
        if args.site_size:
            root = workspace(args.work / f"r{args.site_size}" / "repo", args.site_size, args.seed)
            extra: dict[str, Any] = {"size": args.site_size, "load_avg": round(os.getloadavg()[0], 1),
                                     **bench_make_site(root, args.as_of)}
            if not args.no_serve:
                extra["preview"] = measure_preview(root, args.as_of)
            results.setdefault("site", {})[args.label] = extra
            print(json.dumps(extra, sort_keys=True), flush=True)
        save_results(args.results, results)
    args.page.write_text(report.render(results), encoding="utf-8")
    print(f"{args.results} dan {args.page} diperbarui.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
