"""Personal-data detectors: real NIK and mobile numbers are caught, digests and office lines are not."""

from __future__ import annotations

import hashlib

import pytest

from generator.check.privacy import personal_data


@pytest.mark.parametrize("text", [
    "NIK 6271031234567890",
    "hubungi 0812-3456-7890",
    "hubungi +62 812 3456 7890",
    "surel budi.santoso@gmail.com",
])
def test_personal_data_is_found(text: str) -> None:
    assert personal_data(text) is not None


@pytest.mark.parametrize("text", [
    "telepon kantor (0536) 3221234",
    "surel bagpem@palangkaraya.go.id",
    "nomor 800/123/PEM/2024",
])
def test_office_contacts_are_allowed(text: str) -> None:
    assert personal_data(text) is None


def test_digests_are_not_personal_data() -> None:
    # Every SHA-256 digest of the first 3000 integers: about 2 % contain a 16-digit run.
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(3000)]
    flagged = [d for d in digests if personal_data(d)]
    assert flagged == []
    assert any(c.isdigit() for c in "".join(digests))
