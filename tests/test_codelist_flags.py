"""Constants that still restate a code list's flag must equal it (until they are read from it).

``status.SIGNED_STATES`` is every code of ``schema/kode/status-naskah.yaml`` without the flag
``sebelum_tanda_tangan``. It stays a constant while generator/status.py is reworked on another
branch; this test fails the moment the code list and the constant disagree.
"""

from __future__ import annotations

from conftest import REPO

from generator.codelists import load_codelists
from generator.status import SIGNED_STATES


def test_signed_states_are_the_codes_without_the_before_signing_flag() -> None:
    states = load_codelists(REPO / "schema" / "kode")["status_naskah"]
    from_code_list = frozenset(item.code for item in states if not item.get("sebelum_tanda_tangan", False))
    assert from_code_list == SIGNED_STATES
    assert len(from_code_list) < len(states.values)  # the flag is in use, so the comparison means something
