"""``kerjasama tabel ekspor|impor``: flags and runs; the command line hands in ``say``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check.validate import Environment
from generator.commands.spreadsheet.layout import build_layout
from generator.faults import from_os_error
from generator.project import Project
from generator.read.loader import load_all

if TYPE_CHECKING:
    from generator.commands.spreadsheet.reader import Located

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
Say = Callable[[str], None]
MAX_SHOWN = 500


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
               as_of: Callable[[argparse.ArgumentParser], None]) -> None:
    table = sub.add_parser("tabel", help="tabel XLSX untuk perangkat daerah: ekspor dan impor",
                           description="Register sebagai tabel XLSX (satu lembar naskah, satu lembar per daftar) dan "
                                       "kembali menjadi berkas naskah.")
    inner = table.add_subparsers(dest="tabel_command", metavar="PERINTAH", required=True)
    out = inner.add_parser("ekspor", help="tulis register ke tabel XLSX",
                           description="Tulis register (atau naskah satu perangkat daerah) ke tabel XLSX dengan daftar "
                                       "pilihan, penjelasan kolom dan lembar petunjuk.")
    out.add_argument("--keluaran", type=Path, required=True, metavar="BERKAS.xlsx", help="berkas XLSX yang ditulis")
    out.add_argument("--perangkat-daerah", metavar="KODE",
                     help="hanya naskah perangkat daerah ini (pemrakarsa atau terkait), misalnya dinkes")
    out.add_argument("--kosong", action="store_true", help="templat kosong untuk melapor dari awal")
    into = inner.add_parser("impor", help="ubah baris tabel XLSX menjadi berkas naskah",
                            description="Periksa tabel dengan validator register dan tulis berkas naskah yang baru atau "
                                        "berubah. Setiap masalah disebut dengan lembar dan selnya. Tidak ada yang ditulis "
                                        "bila ada galat, kecuali dengan --sebagian. Keluar 0 bila berhasil, 1 bila ada galat.")
    into.add_argument("berkas", type=Path, metavar="BERKAS.xlsx", help="tabel yang diimpor")
    into.add_argument("--sebagian", action="store_true",
                      help="tulis naskah yang sah saja dan sebutkan yang ditolak")
    as_of(into)


# openpyxl and ruamel.yaml are imported only by these two commands: `kerjasama validate`, run on
# every commit, does not pay for them (issue 8).
def run_export(args: argparse.Namespace, project: Project, say: Say) -> int:
    from generator.commands.spreadsheet import export  # noqa: PLC0415 - see above
    env = Environment.load(project)
    unit = args.perangkat_daerah
    if unit is not None and unit not in env.codelists["perangkat_daerah"]:
        say(f"kerjasama: kode perangkat daerah '{unit}' tidak dikenal (lihat schema/kode/perangkat-daerah.yaml)")
        return EXIT_USAGE
    records = [] if args.kosong else [item.data for item in load_all(project) if item.data is not None]
    if unit is not None:
        records = [r for r in records if r.get("perangkat_daerah") == unit or unit in (r.get("perangkat_daerah_terkait") or [])]
    scope = "templat kosong" if args.kosong else f"perangkat daerah {unit}" if unit else "seluruh register"
    data = export.to_bytes(export.workbook(build_layout(env.schema), records, env.codelists, scope))
    target = args.keluaran
    try:
        handle, temporary = tempfile.mkstemp(prefix=".tabel-", suffix=".xlsx", dir=target.resolve().parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as exc:
        raise from_os_error(exc, "menulis tabel") from exc
    say(f"{len(records)} naskah ditulis ke {target} ({scope}).")
    return EXIT_OK


def line(workbook: str, problem: Located) -> str:
    d = problem.diagnostic
    where = f"{workbook}:{problem.where}" if problem.where else workbook
    text = f"{where}: {d.severity.value} [{d.code}] {d.message}".replace("\n", "\\n").replace("\r", "\\r")
    return text + (f"\n    petunjuk: {d.hint}" if d.hint else "")


def run_import(args: argparse.Namespace, project: Project, as_of: dt.date, say: Say) -> int:
    from generator.commands.spreadsheet import importer  # noqa: PLC0415 - see run_export
    env = Environment.load(project)
    name = args.berkas.name
    plan = importer.plan(env, as_of, args.berkas, name, partial=args.sebagian)
    problems = sorted(plan.all_problems, key=lambda p: (p.sheet or "", p.row, p.column, p.diagnostic.code))
    for problem in problems[:MAX_SHOWN]:
        say(line(name, problem))
    if len(problems) > MAX_SHOWN:
        say(f"... dan {len(problems) - MAX_SHOWN:,} masalah lain tidak ditampilkan; perbaiki yang di atas lalu impor lagi.")
    try:
        importer.write(plan.changes)
    except OSError as exc:
        raise from_os_error(exc, "menulis berkas naskah") from exc
    for change in plan.changes:
        say(f"{'baru' if change.new else 'diubah'}: {project.relative(change.path)}")
    errors = len(plan.errors)
    refused = sorted(k for k, v in plan.refused.items() if any(p.diagnostic.is_error for p in v))
    if args.sebagian and refused:
        say("ditolak: " + ", ".join(refused))
    say(f"{errors} galat, {len(problems) - errors} peringatan; {len(plan.changes)} berkas ditulis, "
        f"{len(plan.unchanged)} naskah tidak berubah.")
    if errors and not plan.changes and not args.sebagian:
        say("Tidak ada berkas yang ditulis karena tabel memuat galat.")
    return EXIT_INVALID if errors else EXIT_OK
