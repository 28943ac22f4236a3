"""The cost of a register built in shards: each shard's open data generated on its own, then merged.

``python -m benchmarks.run --shards 2,4`` calls :func:`bench_shards`: a synthetic register is
generated whole once (the reference), then split by ``generator.site.opendata.shards.plan`` into
2 and 4 shards; each shard gets its own checkout with only its agreement files and generates its
open data in a child process (what one job of a GitHub Actions matrix would run); a last child
merges the shards' outputs (what the final job would run). Each child's wall and CPU time and
peak memory are measured (benchmarks/measure.py), and the merged files are compared with the
whole build's, byte for byte. The results go to ``results.json`` under ``"shards"`` and the
section "Register besar dalam beberapa bagian" of docs/panduan/kinerja.md is rendered from them
(benchmarks/report.py).

Only the open data family is generated (``generate`` with ``families=(opendata.pages,)``): it is
what the merge combines; pages and MkDocs are the final job's, as the note explains. History is
left out (no git in the throw-away checkouts), as it is for every benchmark checkout.

Children: ``python -m benchmarks.shards generate ROOT AS_OF`` and
``python -m benchmarks.shards merge OUT NAME=SHARD_GENERATED...`` each print one JSON object.
``python -m benchmarks.shards plans AGREEMENTS BY COUNT...`` prints every plan the benchmark
builds on, as one JSON object. ``python -m benchmarks.shards plan AGREEMENTS BY COUNT [SHARD]`` prints the plan's shard names
as a JSON list (a matrix for GitHub Actions), or with ``SHARD`` the files of that shard, one a
line; blocking findings go to stderr, all of them, with exit code 1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from benchmarks.measure import Measure, run
from generator.read.record import Record
from generator.site.opendata import shards

REPO = Path(__file__).resolve().parent.parent
INPUTS = ("mkdocs.yml", "schema", "data")  # what generation of the open data reads besides agreements/
GENERATED = Path("docs") / "_generated"

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def checkout(root: Path, files: Sequence[Path] = ()) -> Path:
    """A throw-away checkout with the site inputs and a copy of ``files`` as its agreements/."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("_generated"))
        elif source.is_file():
            shutil.copy2(source, root / name)
    (root / "agreements").mkdir()
    for path in files:
        shutil.copy2(path, root / "agreements" / path.name)
    return root


def read_records(folder: Path) -> list[Record]:
    """The agreement files of ``folder`` as records, enough for planning (ids, links, partners)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        out.append(Record.create(f"agreements/{path.name}", data, {}))
    return out


def generate_open_data(root: Path, as_of: dt.date) -> int:
    """Validate the checkout and write its open data into docs/_generated/; the record count."""
    from generator.commands.build import generate  # noqa: PLC0415 - the child's work, not the benchmark's
    from generator.project import Project  # noqa: PLC0415
    from generator.read import siteconfig  # noqa: PLC0415
    from generator.read.history import UNAVAILABLE  # noqa: PLC0415
    from generator.site.pages import opendata  # noqa: PLC0415

    project = Project(root)
    shutil.rmtree(project.generated, ignore_errors=True)
    done = generate(project, as_of, siteconfig.load(root), families=(opendata.pages,), history=UNAVAILABLE)
    return len(done.record_ids)


def outputs(generated: Path) -> tuple[list[str], list[str]]:
    """A shard's files to merge and its per-agreement files (paths relative to ``generated``)."""
    files: list[str] = []
    per_record: list[str] = []
    for path in sorted(generated.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(generated).as_posix()
        kind = shards.kind_of(rel)
        if kind in ("merged", "same"):
            files.append(rel)
        elif kind == "per-record":
            per_record.append(rel)
    return files, per_record


def merge_folders(out: Path, generated: Mapping[str, Path]) -> dict[str, int]:
    """Merge the shards' generated folders (name -> folder) into ``out``, one output file at a time
    (only that file of each shard is in memory); on a refusal ``out`` is removed and every finding
    raised at once, as :func:`generator.site.opendata.shards.merge` does. Returns how many files were
    merged and how many placed (copied from their shard)."""
    listing = {name: outputs(folder) for name, folder in generated.items()}
    paths = sorted({p for files, _ in listing.values() for p in files})
    shutil.rmtree(out, ignore_errors=True)
    placed: dict[str, str] = {}
    findings: list[shards.Finding] = []
    for rel in paths:
        having = {name: {rel: (generated[name] / rel).read_bytes()} for name, (files, _) in listing.items()
                  if rel in files}
        try:
            part = shards.merge(having, {})
        except shards.MergeRefused as exc:
            findings += exc.findings
            continue
        _write(out / rel, part.files[rel])
    try:
        placed = shards.merge({}, {name: own for name, (_, own) in listing.items()}).placed
    except shards.MergeRefused as exc:
        findings += exc.findings
    findings = shards.unique(findings)
    if any(f.blocking for f in findings):
        shutil.rmtree(out, ignore_errors=True)
        raise shards.MergeRefused(findings)
    for rel, name in placed.items():
        _write(out / rel, None, source=generated[name] / rel)
    return {"merged_files": len(paths), "placed_files": len(placed)}


def _write(target: Path, data: bytes | None, source: Path | None = None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copyfile(source, target)
    else:
        target.write_bytes(data or b"")


def compare(whole: Path, merged: Path) -> dict[str, Any]:
    """Every file the merge writes, against the whole build's: how many are identical, which differ
    or are missing on either side (only the kinds the merge produces)."""
    def listing(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                if p.is_file() and shards.kind_of(p.relative_to(folder).as_posix()) in ("merged", "same", "per-record")}

    mine, theirs = listing(merged), listing(whole)
    different = sorted(p for p in mine & theirs if (merged / p).read_bytes() != (whole / p).read_bytes())
    return {"files": len(mine), "identical": len(mine & theirs) - len(different), "different": different[:20],
            "missing": sorted(theirs - mine)[:20], "extra": sorted(mine - theirs)[:20]}


COMPARED = ("files", "identical", "different", "missing", "extra")


def _child(argv: list[str]) -> Measure:
    return run([sys.executable, "-m", "benchmarks.shards", *argv], cwd=REPO)


def _measured(what: str, measure: Measure) -> dict[str, Any]:
    try:
        out: dict[str, Any] = json.loads(measure.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError) as exc:
        raise RuntimeError(f"{what} gagal (kode {measure.returncode}):\n{(measure.stdout + measure.stderr)[-3000:]}"
                           ) from exc
    if measure.returncode:
        raise RuntimeError(f"{what} gagal (kode {measure.returncode}): {out}")
    return out | {"s": round(measure.seconds, 2), "cpu_s": measure.cpu_s, "peak_mb": round(measure.peak_mb, 1),
                  "tree_peak_mb": measure.tree_peak_mb}


def plans(folder: Path, by: str, counts: Sequence[int]) -> dict[str, Any]:
    """What the planning job finds for each number of shards: the shards (keys, ids), partners in
    several shards, the links that would cross shards if families were not kept together, the
    blocking findings, and the shard sizes the same register would have by partner province."""
    records = read_records(folder)
    out: dict[str, Any] = {}
    for count in counts:
        plan = shards.plan(records, by, count)
        out[str(count)] = {
            "shards": [{"name": s.name, "keys": list(s.keys), "ids": list(s.ids)} for s in plan.shards],
            "partners_spanning": plan.count("mitra-lintas-shard"),
            "cross_links": shards.plan(records, by, count, keep_families=False).count("rujukan-lintas-shard"),
            "blocking": [f.message for f in plan.blocking][:5],
            "by_province": [len(s.ids) for s in shards.plan(records, shards.BY_PROVINCE, count).shards],
        }
    return out


def bench_shards(work: Path, size: int, counts: Sequence[int], *, seed: int, as_of: str,
                 by: str = shards.BY_PREFIX) -> dict[str, Any]:
    """The whole register's open data, then ``counts`` shards each, measured; see the module docstring.

    Every step runs in a child process, writing the register, planning and comparing included: a
    child's peak memory as the kernel reports it (``ru_maxrss``) starts from this process's peak
    (subprocess starts children with vfork), so this process never holds the register or its outputs."""
    base = work / f"shards-{size}"
    whole = checkout(base / "whole")
    shutil.rmtree(whole / "agreements")
    written = run([sys.executable, "-m", "benchmarks.synth", "--size", str(size), "--seed", str(seed),
                   "--out", str(whole / "agreements")], cwd=REPO)
    if written.returncode:
        raise RuntimeError(f"register sintetis gagal ditulis:\n{written.stderr[-3000:]}")
    result: dict[str, Any] = {"size": size, "by": by, "load_avg": round(os.getloadavg()[0], 1),
                              "whole": _measured("generate utuh", _child(["generate", str(whole), as_of]))}
    planned = _measured("rencana", _child(["plans", str(whole / "agreements"), by, *map(str, counts)]))
    found = planned.pop("plans")
    result["plan"] = planned  # the planning job: read every agreement file, plan each count
    runs: dict[str, Any] = {}
    for count in counts:
        print(f"== {size} naskah dalam {count} shard", flush=True)
        row = found[str(count)]
        parts_planned = row.pop("shards")
        row |= {"shards": len(parts_planned), "keys": [s["keys"] for s in parts_planned]}
        if row["blocking"]:
            runs[str(count)] = row
            continue
        folders: dict[str, Path] = {}
        parts = []
        for shard in parts_planned:
            root = checkout(base / f"n{count}" / shard["name"],
                            [whole / "agreements" / f"{record_id}.yaml" for record_id in shard["ids"]])
            parts.append({"name": shard["name"],
                          **_measured(f"shard {shard['name']}", _child(["generate", str(root), as_of]))})
            folders[shard["name"]] = root / GENERATED
        merged = base / f"n{count}" / "merged"
        merge = _measured("penggabungan", _child(["merge", str(merged), *(f"{n}={p}" for n, p in folders.items())]))
        compared = _measured("perbandingan", _child(["compare", str(whole / GENERATED), str(merged)]))
        row |= {"parts": parts, "merge": merge, "compare": {k: compared[k] for k in COMPARED}}
        runs[str(count)] = row
        print(json.dumps(row, sort_keys=True), flush=True)
    result["runs"] = runs
    return result


def main(argv: list[str]) -> int:
    command, rest = argv[0], argv[1:]
    started = time.perf_counter()
    if command == "generate":
        records = generate_open_data(Path(rest[0]).resolve(), dt.date.fromisoformat(rest[1]))
        print(json.dumps({"records": records, "inner_s": round(time.perf_counter() - started, 2)}))
        return 0
    if command == "merge":
        folders = {name: Path(folder) for name, _, folder in (arg.partition("=") for arg in rest[1:])}
        try:
            merged = merge_folders(Path(rest[0]), folders)
        except shards.MergeRefused as exc:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
            return 1
        print(json.dumps({**merged, "inner_s": round(time.perf_counter() - started, 2)}))
        return 0
    if command == "compare":
        print(json.dumps(compare(Path(rest[0]), Path(rest[1]))))
        return 0
    if command == "plans":
        found = plans(Path(rest[0]), rest[1], [int(c) for c in rest[2:]])
        print(json.dumps({"plans": found, "inner_s": round(time.perf_counter() - started, 2)}))
        return 0
    if command == "plan":
        return print_plan(Path(rest[0]), rest[1], int(rest[2]), rest[3] if len(rest) > 3 else None)
    raise SystemExit(f"perintah tidak dikenal: {command}")


def print_plan(folder: Path, by: str, count: int, shard: str | None) -> int:
    """The matrix (shard names) or one shard's agreement files; every blocking finding first."""
    plan = shards.plan(read_records(folder), by, count)
    for finding in plan.blocking:
        print(f"[{finding.code}] {finding.message}", file=sys.stderr)
    if plan.blocking:
        return 1
    if shard is None:
        print(json.dumps([s.name for s in plan.shards]))
        return 0
    chosen = [s for s in plan.shards if s.name == shard]
    if not chosen:
        print(f"Shard {shard} tidak ada dalam rencana ({', '.join(s.name for s in plan.shards)}).", file=sys.stderr)
        return 1
    print("\n".join(f"{record_id}.yaml" for record_id in chosen[0].ids))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
