"""Command line: ``kerjasama <perintah>``. The only module that reads the clock and prints."""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__, cachedir
from generator.check import continuity
from generator.check.schemagen import is_current, refresh
from generator.check.validate import Environment, validate, validate_all
from generator.clock import ENV_VAR, AsOfError, resolve_as_of
from generator.commands import cli_control, interview, lock, publish
from generator.commands.reporters import FORMATS, RENDERERS, site_text
from generator.commands.spreadsheet import commands as spreadsheet
from generator.derive import change_summary
from generator.faults import Fault
from generator.parallel import in_child, signal_handled
from generator.project import Project, find_root
from generator.read import siteconfig
from generator.read.codelists import load_codelists
from generator.site import search

if TYPE_CHECKING:
    from generator.commands.build import Generated, Summary

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


def _as_of_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="TTTT-BB-HH",
                        help=f"tanggal acuan untuk aturan tanggal dan status (bawaan: {ENV_VAR}, "
                             "lalu hari ini menurut WIB)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kerjasama",
        description="Register Kerja Sama Daerah Kota Palangka Raya: periksa data dan bangun situs.",
    )
    parser.add_argument("--version", action="version", version=f"kerjasama {__version__}")
    parser.add_argument("--root", type=Path, help="akar repositori (bawaan: dicari dari folder kerja)")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)

    check = sub.add_parser("validate", help="periksa berkas register",
                           description="Periksa seluruh register (atau berkas yang disebut) terhadap skema "
                                       "dan aturan. Keluar 0 bila sah, 1 bila ada galat, 2 bila perintah salah.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="berkas atau folder yang diperiksa; aturan antarnaskah tetap melihat seluruh register")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text (berkas:baris:kolom), json (daftar) atau github (anotasi alur kerja)")
    check.add_argument("--strict", action="store_true", help="peringatan juga membuat pemeriksaan gagal")
    check.add_argument("--dasar", type=Path, metavar="FOLDER",
                       help="folder agreements/ cabang dasar: setiap id di sana harus tetap ada (naskah-dihapus, "
                            "id-berubah)")
    _as_of_argument(check)

    generate_cmd = sub.add_parser("generate", help="tulis halaman situs ke docs/_generated/ (tanpa MkDocs)",
                                  description="Periksa register lalu tulis halaman ke docs/_generated/. "
                                              "Berhenti dengan pesan validator bila ada galat.")
    _as_of_argument(generate_cmd)

    build = sub.add_parser("build", help="periksa, tulis halaman, lalu bangun situs dengan mkdocs build --strict",
                           description="Periksa register, tulis halaman, jalankan mkdocs build --strict di folder "
                                       "sementara dan pemeriksaan pascabangun, lalu ganti site/ bila semuanya lulus. "
                                       "Keluar 0 bila berhasil, 1 bila gagal (situs lama tetap utuh), 2 bila --site-dir "
                                       "ditolak, 130 bila dihentikan dengan Ctrl-C.")
    build.add_argument("--site-dir", type=Path, default=None,
                       help="folder keluaran (bawaan: site/): folder baru, kosong, atau situs hasil kerjasama build; "
                            "folder yang memuat masukan proyek ditolak")
    _as_of_argument(build)

    schema = sub.add_parser("skema", help="perbarui daftar kode di dalam skema JSON",
                            description="Salin daftar kode schema/kode/*.yaml ke $defs skema JSON.")
    schema.add_argument("--periksa", action="store_true", help="hanya periksa; keluar 1 bila skema belum diperbarui")
    interview.add_parser(sub)
    cli_control.add_parsers(sub)
    spreadsheet.add_parser(sub, _as_of_argument)
    summary = sub.add_parser("ringkasan", help="ringkasan perubahan register dibanding cabang dasar (Markdown)",
                             description="Bandingkan register dengan salinan agreements/ cabang dasar: naskah yang "
                                         "ditambah, diubah, dihapus dan status yang berubah. Keluaran Markdown untuk "
                                         "ringkasan alur kerja GitHub. Selalu keluar 0; galat dilaporkan validate.")
    summary.add_argument("--dasar", type=Path, required=True, metavar="FOLDER",
                         help="folder berisi berkas agreements/ cabang dasar (boleh kosong)")
    _as_of_argument(summary)
    add_coverage_parser(sub)
    return parser


def cmd_validate(args: argparse.Namespace, project: Project) -> int:
    as_of = resolve_as_of(args.as_of)
    env = Environment.load(project)
    result = validate(env, as_of, args.paths) if args.paths else validate_all(env, as_of)
    if args.dasar is not None:  # issue 15: no record vanishes
        if not args.dasar.is_dir():
            print(f"kerjasama: --dasar harus berupa folder agreements/ cabang dasar: {args.dasar}", file=sys.stderr)
            return EXIT_USAGE
        result = replace(result, diagnostics=tuple(sorted(
            result.diagnostics + tuple(continuity.compare(project, args.dasar.resolve())))))
    output = RENDERERS[args.format](list(result.diagnostics), len(result.files))
    sys.stdout.write(output)
    return EXIT_OK if result.ok(strict=args.strict) else EXIT_INVALID


def cmd_schema(args: argparse.Namespace, project: Project) -> int:
    codelists = load_codelists(project.codelist_dir)
    if args.periksa:
        if is_current(project.schema_file, codelists):
            print("Skema sudah sesuai dengan daftar kode.")
            return EXIT_OK
        print("Skema belum sesuai dengan schema/kode/; jalankan: kerjasama skema", file=sys.stderr)
        return EXIT_INVALID
    changed = refresh(project.schema_file, codelists)
    print("Skema diperbarui." if changed else "Skema sudah sesuai dengan daftar kode.")
    return EXIT_OK


def _generate(args: argparse.Namespace, project: Project) -> Generated | None:
    # The site builder (pages, templates, calendars) is imported only here and in cmd_build:
    # it is 0.15 s that `kerjasama validate`, run on every commit, does not need (issue 8).
    from generator.commands.build import ValidationFailed, generate  # noqa: PLC0415
    as_of = resolve_as_of(args.as_of)
    try:
        generated = generate(project, as_of, siteconfig.load(project.root))
    except ValidationFailed as exc:
        sys.stdout.write(RENDERERS["text"](list(exc.result.diagnostics), len(exc.result.files)))
        print("Situs tidak dibangun karena register memuat galat.", file=sys.stderr)
        return None
    # The same report as `kerjasama validate` (warnings and the summary line), so that `make site`
    # needs only this command to validate and build.
    sys.stdout.write(RENDERERS["text"](list(generated.result.diagnostics), len(generated.result.files)))
    print(f"{len(generated.pages)} halaman dibuat per {as_of.isoformat()} "
          f"({generated.written} ditulis, {generated.removed} dihapus); "
          f"{len(generated.result.records)} naskah, {len(generated.result.warnings)} peringatan.")
    return generated


def _waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_generate(args: argparse.Namespace, project: Project) -> int:
    with lock.held(project.root, waiting=_waiting):
        return EXIT_OK if _generate(args, project) else EXIT_INVALID


def _generate_summary(args: argparse.Namespace, project: Project) -> Summary | None:
    generated = _generate(args, project)
    return None if generated is None else generated.summary()


# `make bench` sets this to a file path: `kerjasama build` then writes each stage's wall and CPU seconds
# there as JSON (benchmarks/incremental.py), so a slow build is explained by the real command's own stages.
TIMINGS_ENV = "KERJASAMA_TIMINGS"


class _Stages:
    """Wall and CPU seconds per stage of one build (CPU includes reaped children: the forked
    generation, MkDocs, Pagefind)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._wall, self._cpu = time.perf_counter(), self._cpu_now()

    @staticmethod
    def _cpu_now() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), self._cpu_now()
        self.times[f"{name}_s"], self.times[f"{name}_cpu_s"] = round(wall - self._wall, 3), round(cpu - self._cpu, 3)
        self._wall, self._cpu = wall, cpu

    def save(self) -> None:
        path = os.environ.get(TIMINGS_ENV)
        if path:
            Path(path).write_text(json.dumps(self.times, sort_keys=True) + "\n", encoding="utf-8")


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    from generator.commands.build import POSTBUILD_CHECKS, run_mkdocs  # noqa: PLC0415 - see _generate
    stages = _Stages()
    site_dir = (args.site_dir or project.root / "site").resolve()
    publish.check_site_dir(project, site_dir)  # before anything is written
    # MkDocs builds into a folder beside the site (made first: an unwritable place fails at once);
    # the site is replaced only once every check passed.
    with lock.held(project.root, waiting=_waiting), publish.staging(site_dir) as staged:
        # Generation runs in a forked child: the register, index and page text it holds are given
        # back to the system before MkDocs starts, so the two never need memory at the same time.
        summary = in_child(partial(_generate_summary, args, project))
        if summary is None:
            return EXIT_INVALID
        stages.lap("generate")
        if run_mkdocs(project, staged, summary.as_of, previous=site_dir) != 0:
            print("mkdocs build --strict gagal; situs sebelumnya tidak diubah.", file=sys.stderr)
            return EXIT_INVALID
        stages.lap("mkdocs")
        # Before the scan, which checks what Pagefind wrote; an earlier run's output when its inputs are the same.
        indexed = search.index_site(staged, cachedir.cache_root(project.root) / search.FOLDER)
        stages.lap("pagefind")
        if indexed.returncode != 0:
            print((indexed.stdout + indexed.stderr).strip(), file=sys.stderr)
            print("indeks pencarian (Pagefind) gagal; situs sebelumnya tidak diubah.", file=sys.stderr)
            return EXIT_INVALID
        problems = [p for check in POSTBUILD_CHECKS for p in check(project, staged, summary)]
        stages.lap("postbuild")
        if problems:
            sys.stderr.write(site_text(problems))
            return EXIT_INVALID
        if indexed.reused:
            print("Indeks pencarian: halaman yang dibaca Pagefind tidak berubah; hasil sebelumnya dipakai ulang.")
        elif indexed.kept:
            print(f"Indeks pencarian: {len(indexed.kept)} dari {len(indexed.kept) + len(indexed.ran)} bagian "
                  "tidak berubah dan dipakai ulang; Pagefind dijalankan untuk " + ", ".join(indexed.ran) + ".")
        left = publish.publish(staged, site_dir)
    stages.lap("publish")
    stages.save()
    if left is not None:
        print(f"peringatan: situs lama di {left} tidak dapat dihapus; hapus sendiri.", file=sys.stderr)
    print(f"Situs dibangun di {site_dir}.")
    return EXIT_OK


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    return interview.command(args, project, resolve_as_of(args.as_of), interactive=sys.stdin.isatty(),
                             ask=input, say=print)


def cmd_summary(args: argparse.Namespace, project: Project) -> int:
    as_of = resolve_as_of(args.as_of)
    env = Environment.load(project)
    changes, result = change_summary.compare(env, args.dasar.resolve(), as_of)
    from generator.site.render import renderer  # noqa: PLC0415 - Jinja only for this command, as the site builder in _generate
    sys.stdout.write(change_summary.markdown(changes, result, as_of, renderer(env.codelists)))
    return EXIT_OK


# --- issue 14: kerjasama cakupan ---------------------------------------------------------------------
def add_coverage_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser(
        "cakupan", help="naskah dan data yang belum dicatat, per perangkat daerah dan per tahun",
        description="Daftar naskah setiap perangkat daerah per tahun penandatanganan, dengan data yang belum "
                    "dicatat (sama dengan halaman Panduan › Cakupan data). Keluar 0, 1 bila register memuat galat, "
                    "2 bila perintah salah.")
    report.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                        help="text (bawaan), json, atau markdown (untuk dikirim ke perangkat daerah)")
    report.add_argument("--perangkat-daerah", metavar="KODE",
                        help="hanya naskah perangkat daerah ini (kode dari schema/kode/perangkat-daerah.yaml)")
    _as_of_argument(report)


def cmd_coverage(args: argparse.Namespace, project: Project) -> int:
    from generator.derive import control  # noqa: PLC0415 - see _generate: validate needs neither
    from generator.derive.index import build_index  # noqa: PLC0415
    from generator.site import coverage  # noqa: PLC0415 - see _generate: validate needs neither
    as_of = resolve_as_of(args.as_of)
    env = Environment.load(project)
    units = env.codelists["perangkat_daerah"]
    if args.perangkat_daerah is not None and args.perangkat_daerah not in units:
        print(f"kerjasama cakupan: kode perangkat daerah tidak dikenal: {args.perangkat_daerah!r}; "
              "lihat schema/kode/perangkat-daerah.yaml", file=sys.stderr)
        return EXIT_USAGE
    result = validate_all(env, as_of)
    if result.errors:
        sys.stderr.write(RENDERERS["text"](list(result.errors), len(result.files)))
        print("Laporan cakupan tidak dibuat karena register memuat galat.", file=sys.stderr)
        return EXIT_INVALID
    config = siteconfig.load(project.root)
    index = build_index(result.records, env.codelists, as_of, config.thresholds)
    found = coverage.report(control.for_site(index, config), index, args.perangkat_daerah)
    sys.stdout.write(coverage.RENDERERS[args.format](found))
    return EXIT_OK


def cmd_table(args: argparse.Namespace, project: Project) -> int:
    if args.tabel_command == "ekspor":
        return spreadsheet.run_export(args, project, print)
    return spreadsheet.run_import(args, project, resolve_as_of(args.as_of), print)


COMMANDS = {"validate": cmd_validate, "generate": cmd_generate, "build": cmd_build, "skema": cmd_schema, "baru": cmd_new,
            "ringkasan": cmd_summary, "cakupan": cmd_coverage, "tabel": cmd_table, **cli_control.COMMANDS}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    project = Project(args.root.resolve() if args.root else find_root())
    try:
        # SIGTERM (a cancelled CI job) unwinds like Ctrl-C: temporary folders removed, lock released.
        with signal_handled(signal.SIGTERM, signal.default_int_handler):
            return COMMANDS[args.command](args, project)
    except AsOfError as exc:
        print(f"kerjasama: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Fault as exc:
        print(f"kerjasama: {exc.line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nkerjasama: dihentikan; situs yang sudah terbit tidak diubah sebagian.", file=sys.stderr)
        return EXIT_INTERRUPTED
