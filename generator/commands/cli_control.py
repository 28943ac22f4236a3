"""Command line of the control loop (issue 15): ``tindak-lanjut`` and ``tautan``.

Registered by :mod:`generator.commands.cli`; like it, this module reads the clock (through
:func:`generator.clock.resolve_as_of`), the environment (``GITHUB_TOKEN``, ``GITHUB_REPOSITORY``,
``GITHUB_API_URL``) and prints. Everything it computes comes from the pure modules
:mod:`generator.derive.followup`, :mod:`generator.derive.links` and :mod:`generator.commands.github_sync`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.check.validate import Environment, Result, validate_all
from generator.clock import ENV_VAR, resolve_as_of
from generator.commands import github_sync
from generator.commands.reporters import RENDERERS
from generator.derive import control, followup, links
from generator.derive.index import build_index
from generator.project import Project
from generator.read import siteconfig

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
LINK_REPORT_TITLE = "Laporan pemeriksaan tautan sumber dan dokumen"


def add_parsers(sub: Any) -> None:
    due = sub.add_parser("tindak-lanjut", help="daftar tindakan yang jatuh tempo per naskah dan alasan",
                         description="Tindakan yang jatuh tempo: naskah segera berakhir, berakhir tanpa keputusan "
                                     "perpanjangan, tahap SOP terlambat, evaluasi atau keputusan terlambat, KB/MoU "
                                     "tanpa PKS atau rencana kerja, data belum lengkap. Satu tindakan per naskah dan "
                                     "alasan, dengan kunci tetap <id>:<alasan>. Dengan --sinkron-github, isu GitHub "
                                     "disamakan dengan daftar ini (GITHUB_TOKEN, GITHUB_REPOSITORY).")
    due.add_argument("--format", choices=("json", "markdown"), default="markdown", help="bawaan: markdown")
    due.add_argument("--sinkron-github", action="store_true",
                     help="buat, komentari, tutup atau buka kembali isu GitHub sesuai daftar")
    due.add_argument("--as-of", metavar="TTTT-BB-HH",
                     help=f"tanggal acuan (bawaan: {ENV_VAR}, lalu hari ini menurut WIB)")
    urls = sub.add_parser("tautan", help="semua URL sumber dan dokumen, satu per baris",
                          description="Cetak setiap URL di kolom sumber dan dokumen seluruh register, tanpa duplikat "
                                      "dan terurut, untuk pemeriksaan tautan. Dengan --laporkan, laporan lychee "
                                      "dikirim ke satu isu penanda di GitHub.")
    urls.add_argument("--format", choices=("text", "json"), default="text",
                      help="text (satu URL per baris) atau json (dengan naskah yang merujuknya)")
    urls.add_argument("--laporkan", type=Path, metavar="BERKAS",
                      help="laporan Markdown lychee yang dikirim ke isu penanda (GITHUB_TOKEN, GITHUB_REPOSITORY)")
    urls.add_argument("--kode-lychee", type=int, default=0, metavar="N",
                      help="kode keluar lychee (0 = semua tautan baik); bersama --laporkan")


def _checked(project: Project, as_of: Any) -> tuple[Environment, Result] | None:
    env = Environment.load(project)
    result = validate_all(env, as_of)
    if result.errors:
        sys.stderr.write(RENDERERS["text"](list(result.diagnostics), len(result.files)))
        print("Register memuat galat; perbaiki dulu (kerjasama validate).", file=sys.stderr)
        return None
    return env, result


def _client() -> github_sync.GitHub | None:
    token, repo = os.environ.get("GITHUB_TOKEN", ""), os.environ.get("GITHUB_REPOSITORY", "")
    if not token or not repo:
        print("kerjasama: GITHUB_TOKEN dan GITHUB_REPOSITORY harus diisi untuk menulis ke GitHub.", file=sys.stderr)
        return None
    return github_sync.GitHub(repo, token, os.environ.get("GITHUB_API_URL", "https://api.github.com"))


def cmd_followup(args: argparse.Namespace, project: Project) -> int:
    as_of = resolve_as_of(args.as_of)
    checked = _checked(project, as_of)
    if checked is None:
        return EXIT_INVALID
    env, result = checked
    config = siteconfig.load(project.root)  # the windows the site uses: one source of truth
    index = build_index(result.records, env.codelists, as_of, config.thresholds)
    found = followup.actions(index, control.for_site(index, config),
                             followup.Links(config.site_url, config.repo_url, config.edit_branch))
    if args.sinkron_github:
        client = _client()
        if client is None:
            return EXIT_USAGE
        try:
            ops = github_sync.sync_followups(client, found)
        except github_sync.SyncError as exc:
            print(f"kerjasama: {exc}", file=sys.stderr)
            return EXIT_INVALID
        print(_summary(ops, len(found)))
        return EXIT_OK
    sys.stdout.write(followup.to_json(found, as_of) if args.format == "json" else followup.to_markdown(found, as_of))
    return EXIT_OK


def _summary(ops: list[github_sync.Operation], due: int) -> str:
    kinds = {kind: sum(1 for op in ops if op.kind == kind) for kind in ("create", "comment", "update")}
    return (f"{due} tindakan jatuh tempo; isu dibuat {kinds['create']}, komentar {kinds['comment']}, "
            f"isu diperbarui/ditutup/dibuka kembali {kinds['update']}.")


def cmd_links(args: argparse.Namespace, project: Project) -> int:
    if args.laporkan is not None:
        return _report_links(args.laporkan, args.kode_lychee)
    as_of = resolve_as_of(None)
    checked = _checked(project, as_of)
    if checked is None:
        return EXIT_INVALID
    found = links.collect(checked[1].records)
    sys.stdout.write(links.to_json(found) if args.format == "json" else links.to_text(found))
    return EXIT_OK


def _report_links(report: Path, exit_code: int) -> int:
    client = _client()
    if client is None:
        return EXIT_USAGE
    try:
        text = report.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"kerjasama: laporan lychee tidak dapat dibaca: {report}: {exc.strerror}", file=sys.stderr)
        return EXIT_INVALID
    body = ("Pemeriksaan mingguan semua URL `sumber` dan `dokumen` register (lychee). Perbaiki atau ganti URL yang "
            "rusak di berkas naskah; `kerjasama tautan --format json` menyebut naskah yang merujuk setiap URL.\n\n"
            + text.strip())
    try:
        ops = github_sync.sync_report(client, LINK_REPORT_TITLE, body, problems=exit_code != 0)
    except github_sync.SyncError as exc:
        print(f"kerjasama: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Laporan tautan: {len(ops)} perubahan isu.")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Project], int]] = {
    "tindak-lanjut": cmd_followup, "tautan": cmd_links}
