"""Code-list flags are read from the code lists, never restated in Python.

The signed states are the codes of ``schema/kode/status-naskah.yaml`` without the flag
``sebelum_tanda_tangan`` (:func:`generator.read.codelists.signed_states`). These tests fail when the
value stops following the file, and when the code list drifts from the literals the status engine
still names (``berakhir`` is signed, ``dibatalkan`` is not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO

from generator.read import codelists
from generator.read.codelists import is_signed, load_codelists, signed_states
from generator.read.record import Record

KODE = REPO / "schema" / "kode"


def test_signed_states_are_the_codes_without_the_before_signing_flag() -> None:
    states = load_codelists(KODE)["status_naskah"]
    from_code_list = frozenset(item.code for item in states if not item.get("sebelum_tanda_tangan", False))
    assert signed_states() == from_code_list
    assert 0 < len(from_code_list) < len(states.values)  # the flag is in use, so the comparison means something
    assert {"berakhir", "berlaku"} <= from_code_list
    assert "dibatalkan" not in from_code_list


def test_signed_states_follow_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codelists, "_signed", None)
    copy = tmp_path / "kode"
    shutil.copytree(KODE, copy)
    path = copy / "status-naskah.yaml"
    text = path.read_text(encoding="utf-8")
    flagged = "{kode: ditandatangani, label: Ditandatangani, sebelum_tanda_tangan: true}"
    path.write_text(text.replace("{kode: ditandatangani, label: Ditandatangani}", flagged), encoding="utf-8")
    load_codelists(copy)
    assert "ditandatangani" not in signed_states()
    assert not is_signed(Record.create("x.yaml", {"id": "x", "status": "ditandatangani"}, {}))
    load_codelists(KODE)
    assert "ditandatangani" in signed_states()


def test_signed_states_without_loaded_code_lists_read_the_project_of_the_working_folder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codelists, "_signed", None)
    monkeypatch.chdir(REPO / "agreements")
    assert "berlaku" in signed_states()
