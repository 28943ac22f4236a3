"""Constants every test shares: the repository and the as-of date of the fixture registers.

A module of its own (not conftest) so that tests/browser/, which has a conftest of its own, and
helper modules can import it too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The checkout the tests run in."""
AS_OF = dt.date(2026, 11, 27)
"""The as-of date the fixture registers and golden files are written for."""
