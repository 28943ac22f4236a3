"""The real register validates, and every file in agreements/ becomes a record."""

from __future__ import annotations

import datetime as dt

from generator.check.validate import Environment, validate


def test_real_register_is_valid(env: Environment, as_of: dt.date) -> None:
    result = validate(env, as_of)
    assert result.errors == []
    files = sorted(p.name for p in env.project.agreements.glob("*.yaml"))
    assert len(files) >= 9
    assert sorted(r.file.rsplit("/", 1)[-1] for r in result.records) == files


def test_real_site_builds(real_site) -> None:  # type: ignore[no-untyped-def]
    assert (real_site.site / "panduan" / "kode-diagnostik" / "index.html").is_file()
