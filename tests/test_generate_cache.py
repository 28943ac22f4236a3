"""What generation keeps for the life of a process gives the bytes of a cold build.

``mkdocs serve`` regenerates the site in one long-lived process after every edit, and the
generator keeps work between those runs (the Jinja environment, Babel formats, chart SVGs,
calendar events, relative links). The site must not depend on what was kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from conftest import AS_OF, REPO, file_tree, make_site_project
from icalendar import Calendar

from generator.check.validate import Environment, validate
from generator.commands.build import context_for, generate
from generator.project import Project
from generator.read import siteconfig
from generator.site.opendata import calendar as ical

PARENT = "2019-bank-kalteng-kas-daerah"  # linked from its PKS page, in partner, sector and unit lists
LATER = AS_OF + dt.timedelta(days=45)  # statuses, days left and calendar stamps all change


def test_second_generation_in_a_process_equals_a_cold_one(tmp_path: Path) -> None:
    warm = make_site_project(tmp_path / "warm")
    config = siteconfig.load(warm.root)
    generate(warm, AS_OF, config)  # fills the process's caches
    source = warm.agreements / f"{PARENT}.yaml"
    text = source.read_text(encoding="utf-8")
    assert "\njudul: Nota Kesepahaman" in text
    source.write_text(text.replace("\njudul: Nota Kesepahaman", "\njudul: Nota Kesepahaman (diubah)", 1),
                      encoding="utf-8")
    generate(warm, LATER, config)

    cold = make_site_project(tmp_path / "cold", agreements=warm.agreements)
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(cold.root), "generate",
                          "--as-of", LATER.isoformat()],
                         env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    warm_pages, cold_pages = file_tree(warm.generated), file_tree(cold.generated)
    assert sorted(warm_pages) == sorted(cold_pages)
    assert [path for path in warm_pages if warm_pages[path] != cold_pages[path]] == []
    assert "(diubah)" in warm_pages[f"kerja-sama/{PARENT}-pks.md"].decode("utf-8")


def _events(project: Project) -> list[list[ical.EventSpec]]:
    env = Environment.load(project)
    ctx = context_for(env, validate(env, AS_OF), AS_OF, siteconfig.load(project.root))
    return [ical.events(ctx.model, ctx.config, record) for record in ctx.model.index.records]


def test_kept_calendar_events_are_icalendar_text() -> None:
    """An event's kept text is what icalendar writes for it, for an equal value made later too."""
    project = Project(REPO, REPO / "tests" / "fixtures" / "opendata")
    groups = [group for group in _events(project) if group]
    assert any(len(group) == 3 for group in groups)  # an end date and two renewal deadlines
    for group in groups:
        whole = b"".join(bytes(ical.to_event(spec).to_ical()) for spec in group)
        assert ical.serialise(group) == whole
        assert ical.serialise([dataclasses.replace(spec) for spec in group]) == whole
    calendar = Calendar.from_ical(ical.calendar("semua", [ical.serialise(g) for g in groups]))
    assert len(calendar.walk("VEVENT")) == sum(len(g) for g in groups)
    assert len(calendar.walk("VALARM")) == sum(len(spec.alarms) for g in groups for spec in g)
