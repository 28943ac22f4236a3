"""No record vanishes: the register compared with the base branch's ``agreements/`` (``validate --dasar``).

A record is never deleted: it ends through its status (``berakhir``, ``dibatalkan``,
``diakhiri_lebih_awal`` with ``pengakhiran``) and keeps its page. Every id present in the base
must therefore still be present, or be named by a current record's ``menggantikan`` (a renamed
or replaced record: its old address redirects to the new page). Otherwise:

* ``id-berubah``: a new file looks like the vanished one (same ``nomor_naskah``, or same title
  and signing date or year) but does not say ``menggantikan: <id lama>``;
* ``naskah-dihapus``: anything else.

Both sides are read by the loader (the only module that reads agreement files); this module
never calls git (the Makefile extracts the base with ``git archive``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, make
from generator.project import Project
from generator.read.loader import load_all

REGISTER_DIR = "agreements"


def _records(project: Project) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """id -> (repo-relative file, data) for every file whose ``id`` can be read (else its file name)."""
    out: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for item in load_all(project):
        data: Mapping[str, Any] = item.data if isinstance(item.data, Mapping) else {}
        record_id = data.get("id") if isinstance(data.get("id"), str) else Path(item.file).stem
        out.setdefault(str(record_id), (item.file, data))
    return out


def _fingerprints(data: Mapping[str, Any]) -> set[tuple[str, str]]:
    """What identifies a document apart from its id: its number, or its title with its signing date/year."""
    found: set[tuple[str, str]] = set()
    if data.get("nomor_naskah"):
        found.add(("nomor", str(data["nomor_naskah"]).strip().lower()))
    title = str(data.get("judul") or "").strip().lower()
    when = data.get("tanggal_tanda_tangan") or data.get("tahun_tanda_tangan")
    if title and when:
        found.add(("judul", f"{title}|{when}"))
    return found


def compare(project: Project, base_dir: Path) -> list[Diagnostic]:
    """Diagnostics for every base id missing now without a ``menggantikan`` that names it."""
    base_project = Project(project.root, register=base_dir)
    before, after = _records(base_project), _records(project)
    replaced = {str(data.get("menggantikan")) for _, data in after.values() if data.get("menggantikan")}
    added = {rid: (file, data) for rid, (file, data) in after.items() if rid not in before}
    out: list[Diagnostic] = []
    for old_id, (_, old_data) in sorted(before.items()):
        if old_id in after or old_id in replaced:
            continue
        twin = _twin(old_data, added.items())
        if twin is not None:
            new_id, new_file = twin
            out.append(make("id-berubah", new_file,
                            f"Naskah '{old_id}' tampaknya berganti id menjadi '{new_id}' tanpa menggantikan: "
                            f"'{old_id}'; alamat lama /kerja-sama/{old_id}/ akan hilang.",
                            hint=f"Tambahkan menggantikan: {old_id} pada berkas ini (alamat lama lalu dialihkan), "
                                 "atau kembalikan id lama.",
                            record_id=new_id))
        else:
            out.append(make("naskah-dihapus", f"{REGISTER_DIR}/{old_id}.yaml",
                            f"Naskah '{old_id}' ada di cabang dasar tetapi dihapus dari register.",
                            record_id=old_id))
    return out


def _twin(old: Mapping[str, Any], added: Iterable[tuple[str, tuple[str, Mapping[str, Any]]]]) -> tuple[str, str] | None:
    prints = _fingerprints(old)
    if not prints:
        return None
    for new_id, (file, data) in sorted(added):
        if prints & _fingerprints(data):
            return new_id, file
    return None
