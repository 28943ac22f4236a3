"""Generation's cache (issue 16 point 1) never changes the result, and a warm run does less.

A synthetic register is generated cold (no cache) and warm (a cache kept between runs) after
seeded random edits: a title, an end date, a deleted and an added agreement, the as-of date and a
setting in ``mkdocs.yml``'s ``extra``. After each edit the warm ``docs/_generated/`` tree must
equal, byte for byte, a cold generation of the same inputs in a fresh folder with an empty cache.
A damaged cache (truncated entry, wrong bytes, another key's entry, stray files) is ignored, and a
warm run with nothing changed renders no agreement's outputs again (renders are counted).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, file_tree, make_site_project

import generator.commands.build as build_module
from benchmarks.synth import AS_OF, dump, write_register
from generator import cachedir
from generator.cachedir import ENVIRONMENT
from generator.commands.build import Generated, ValidationFailed, generate
from generator.project import Project
from generator.read import siteconfig
from generator.site import outputcache
from generator.site.opendata import calendar as ical

SIZE = 48
SEED = 16
# Cache lookups per agreement, by kind: the record's JSON text is looked up by its JSON file and by
# its entry in the list.
LOOKUPS = {"agreement-page": 1, "badge": 1, "calendar-events": 1, "api-naskah": 2, "csv-naskah": 1}
PER_RECORD = sum(LOOKUPS.values())


def _differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(set(first) ^ set(second)) + [path for path in sorted(set(first) & set(second))
                                               if first[path] != second[path]]


@pytest.fixture
def synthetic(tmp_path: Path) -> Project:
    agreements = tmp_path / "register"
    write_register(agreements, SIZE, SEED)
    return make_site_project(tmp_path / "warm", agreements=agreements)


def _generate(project: Project, as_of: dt.date, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Generated:
    monkeypatch.setenv(ENVIRONMENT, str(cache))
    monkeypatch.delenv(cachedir.SWITCH, raising=False)
    return generate(project, as_of, siteconfig.load(project.root))


def _cold_tree(project: Project, as_of: dt.date, where: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """A cold generation of the same inputs in a fresh folder, with an empty cache."""
    cold = make_site_project(where / "project", agreements=project.agreements)
    for name in ("agreements", "data", "schema"):  # the same files: nothing left from the repository's copy
        shutil.rmtree(cold.root / name)
        shutil.copytree(project.root / name, cold.root / name)
    shutil.copy2(project.root / "mkdocs.yml", cold.root / "mkdocs.yml")
    generated = _generate(cold, as_of, where / "cache", monkeypatch)
    assert generated.cache is not None
    assert generated.cache.counts.by_kind["agreement-page"] == len(generated.record_ids)  # nothing from a cache
    return file_tree(cold.generated)


# --- edits ------------------------------------------------------------------------------------

def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _referenced(project: Project) -> set[str]:
    """Ids another record points to (a record others name cannot be deleted or copied alone)."""
    found = set()
    for path in project.agreements.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for other in project.agreements.glob("*.yaml"):
            if other != path and f": {other.stem}\n" in text:
                found.add(other.stem)
    return found


def _standalone(project: Project, rng: random.Random) -> Path:
    taken = _referenced(project)
    candidates = sorted(p for p in project.agreements.glob("*.yaml") if p.stem not in taken
                        and not any(k in _load(p) for k in ("naskah_induk", "memperpanjang", "menggantikan")))
    return rng.choice(candidates)


def edit_title(project: Project, rng: random.Random, as_of: dt.date) -> dt.date:
    path = rng.choice(sorted(project.agreements.glob("*.yaml")))
    data = _load(path)
    data["judul"] = f"{data['judul']} (perubahan {rng.randint(1, 999)})"
    path.write_text(dump(data), encoding="utf-8")
    return as_of


def edit_end(project: Project, rng: random.Random, as_of: dt.date) -> dt.date:
    paths = sorted(p for p in project.agreements.glob("*.yaml") if "tanggal_berakhir" in _load(p))
    path = rng.choice(paths)
    data = _load(path)
    end = dt.date.fromisoformat(str(data["tanggal_berakhir"])) + dt.timedelta(days=rng.choice((-400, -30, 30, 400)))
    earliest = max(dt.date.fromisoformat(str(data[key])) for key in ("tanggal_mulai", "tanggal_tanda_tangan")
                   if data.get(key))
    data["tanggal_berakhir"] = max(end, earliest + dt.timedelta(days=1)).isoformat()
    data.pop("jangka_waktu", None)  # the term no longer matches the new end
    path.write_text(dump(data), encoding="utf-8")
    return as_of


def delete_record(project: Project, rng: random.Random, as_of: dt.date) -> dt.date:
    _standalone(project, rng).unlink()
    return as_of


def add_record(project: Project, rng: random.Random, as_of: dt.date) -> dt.date:
    source = _standalone(project, rng)
    data = _load(source)
    data["id"] = f"{data['id']}-salinan"
    data["judul"] = f"{data['judul']} (salinan)"
    data["nomor_naskah"] = f"{data.get('nomor_naskah', '')}/S"
    (project.agreements / f"{data['id']}.yaml").write_text(dump(data), encoding="utf-8")
    return as_of


def move_as_of(project: Project, rng: random.Random, as_of: dt.date) -> dt.date:
    return as_of + dt.timedelta(days=rng.choice((1, 1, 45, 200)))


def edit_setting(project: Project, rng: random.Random, as_of: dt.date) -> dt.date:
    path = project.root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    pattern, value = rng.choice(((r"ambang_hari: \[[0-9, ]*\]", f"ambang_hari: [{rng.randint(100, 200)}, 60, 14]"),
                                 (r"keputusan_hari_sebelum_berakhir: [0-9]+",
                                  f"keputusan_hari_sebelum_berakhir: {rng.randint(30, 120)}"),
                                 (r"\n    cabang: [a-z-]+", f"\n    cabang: cabang-{rng.randint(1, 99)}")))
    changed = re.sub(pattern, value, text, count=1)
    assert changed != text or value in text
    path.write_text(changed, encoding="utf-8")
    return as_of


EDITS: tuple[Callable[[Project, random.Random, dt.date], dt.date], ...] = (
    edit_title, edit_end, delete_record, add_record, move_as_of, edit_setting)


@pytest.mark.parametrize("seed", [1, 2])
def test_warm_generation_after_random_edits_equals_a_cold_one(synthetic: Project, tmp_path: Path, seed: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    cache = tmp_path / "cache"
    as_of = AS_OF
    first = _generate(synthetic, as_of, cache, monkeypatch)
    assert first.cache is not None and first.cache.counts.by_kind["agreement-page"] == SIZE
    assert _differences(file_tree(synthetic.generated), _cold_tree(synthetic, as_of, tmp_path / "cold0", monkeypatch)) == []
    steps = [*EDITS, *rng.sample(EDITS, 2)]
    rng.shuffle(steps)
    for number, step in enumerate(steps, start=1):
        as_of = step(synthetic, rng, as_of)
        warm = _generate(synthetic, as_of, cache, monkeypatch)
        assert warm.cache is not None and warm.cache.counts.hits > 0, step.__name__  # the cache was used
        cold = _cold_tree(synthetic, as_of, tmp_path / f"cold{number}", monkeypatch)
        assert _differences(file_tree(synthetic.generated), cold) == [], f"after {step.__name__} (step {number})"


def test_an_edited_related_record_changes_the_pages_that_show_it(synthetic: Project, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A record stands in other records' keys by the digest of its data (generator.site.outputcache):
    editing one that others point to makes their outputs again, the same as a cold run."""
    cache = tmp_path / "cache"
    _generate(synthetic, AS_OF, cache, monkeypatch)
    target = synthetic.agreements / f"{sorted(_referenced(synthetic))[0]}.yaml"
    data = _load(target)
    data["judul"] = f"{data['judul']} (judul baru)"
    target.write_text(dump(data), encoding="utf-8")
    warm = _generate(synthetic, AS_OF, cache, monkeypatch)
    assert warm.cache is not None and warm.cache.counts.by_kind["agreement-page"] >= 2  # its page and another's
    assert _differences(file_tree(synthetic.generated), _cold_tree(synthetic, AS_OF, tmp_path / "cold", monkeypatch)) == []


def test_a_record_in_a_key_is_its_data_digest() -> None:
    """Equal records give equal key bytes whichever object holds them; a changed value anywhere in a
    record's data changes them, also when the digest of another object with the same id is known."""
    from generator.read.record import Record  # noqa: PLC0415

    data = {"id": "a", "judul": "Satu", "pihak": [{"nama": "B", "tanggal": dt.date(2020, 1, 2)}]}
    first, same = Record.create("agreements/a.yaml", data, {}), Record.create("agreements/a.yaml", data, {})
    changed = Record.create("agreements/a.yaml", {**data, "pihak": [{"nama": "B", "tanggal": dt.date(2020, 1, 3)}]}, {})
    known: dict[int, Any] = {}
    key = outputcache.serialised({"record": first, "related": (first,)}, known)
    assert key == outputcache.serialised({"record": same, "related": (same,)}, known) \
        == outputcache.serialised({"record": first, "related": (first,)})
    assert key != outputcache.serialised({"record": changed, "related": (changed,)}, known)
    assert len(known) == 3  # one digest per record object
    with pytest.raises(pickle.PicklingError):
        outputcache.serialised(type("Tags", (frozenset,), {})({"x"}))


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / outputcache.FOLDER).rglob("*") if p.is_file())


def test_a_damaged_cache_never_changes_the_output(synthetic: Project, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _generate(synthetic, AS_OF, cache, monkeypatch)
    expected = file_tree(synthetic.generated)
    entries = _entries(cache)
    rng = random.Random(7)
    truncated, wrong, swapped_a, swapped_b, emptied = rng.sample(entries, 5)
    truncated.write_bytes(truncated.read_bytes()[:-5])
    data = bytearray(wrong.read_bytes())
    data[-3] ^= 0x01  # one bit of the payload: the checksum no longer matches
    wrong.write_bytes(bytes(data))
    first, second = swapped_a.read_bytes(), swapped_b.read_bytes()  # each another key's whole, valid entry
    swapped_a.write_bytes(second)
    swapped_b.write_bytes(first)
    emptied.write_bytes(b"")
    (entries[0].parent / ("0" * 64)).write_bytes(b"not an entry")
    (entries[0].parent / f"{entries[0].name}.123.tmp").write_bytes(b"half")  # a writer that died

    shutil.rmtree(synthetic.generated)  # every file written again from what the cache gives
    again = _generate(synthetic, AS_OF, cache, monkeypatch)
    assert _differences(file_tree(synthetic.generated), expected) == []
    assert again.cache is not None and again.cache.counts.made == 5  # exactly the damaged entries were made again
    assert again.cache.counts.hits == PER_RECORD * len(again.record_ids) - 5


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count template renders and calendar serialisations, below the cache."""
    counts: Counter[str] = Counter()
    make_renderer = build_module.renderer

    def renderer(codelists: Any) -> Callable[..., str]:
        render = make_renderer(codelists)

        def counted(template: str, /, **context: Any) -> str:
            counts[template] += 1
            return str(render(template, **context))

        return counted

    serialise = ical.kept_text

    def serialised(events: Any) -> bytes:
        counts["ics"] += 1
        return serialise(events)

    monkeypatch.setattr(build_module, "renderer", renderer)
    monkeypatch.setattr(ical, "kept_text", serialised)
    return counts


def test_a_warm_run_renders_only_what_changed(synthetic: Project, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    counts = _counting(monkeypatch)
    cold = _generate(synthetic, AS_OF, cache, monkeypatch)
    records = len(cold.record_ids)
    # equal inputs are made once: every agreement without an end date has the same (empty) events
    assert counts["agreement.html"] == records and counts["badge.svg"] == records and 0 < counts["ics"] <= records

    counts.clear()
    warm = _generate(synthetic, AS_OF, cache, monkeypatch)
    assert warm.written == 0 and warm.removed == 0
    assert counts["agreement.html"] == 0 and counts["badge.svg"] == 0 and counts["ics"] == 0
    assert warm.cache is not None and warm.cache.counts.made == 0
    assert warm.cache.counts.hits == PER_RECORD * records

    target = _standalone(synthetic, random.Random(3))  # no other page lists it
    data = _load(target)
    data["objek"] = f"{data['objek']} (diubah)"  # on its own page, JSON, CSV row; not its badge or events
    target.write_text(dump(data), encoding="utf-8")
    counts.clear()
    edited = _generate(synthetic, AS_OF, cache, monkeypatch)
    assert counts["agreement.html"] == 1 and counts["badge.svg"] == 0 and counts["ics"] == 0
    assert edited.cache is not None and edited.cache.counts.by_kind == {
        "agreement-page": 1, "api-naskah": 1, "csv-naskah": 1}

    counts.clear()
    monkeypatch.setenv(cachedir.SWITCH, "0")
    off = generate(synthetic, AS_OF, siteconfig.load(synthetic.root))
    assert off.cache is None and counts["agreement.html"] == records and off.written == 0


def test_a_daily_rebuild_makes_only_the_pages_whose_status_changed(synthetic: Project, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An agreement page shows a status and dates, never the as-of date, so the next day's build
    takes almost every page from the cache (issue 16: a daily rebuild cost a cold one); the result is
    still a cold build's of that day."""
    cache = tmp_path / "cache"
    first = _generate(synthetic, AS_OF, cache, monkeypatch)
    records = len(first.record_ids)
    pages = {path: text for path, text in file_tree(synthetic.generated).items() if path.startswith("kerja-sama/")}
    for days in (1, 2, 3):
        day = AS_OF + dt.timedelta(days=days)
        daily = _generate(synthetic, day, cache, monkeypatch)
        assert daily.cache is not None
        made = daily.cache.counts.by_kind.get("agreement-page", 0)
        now = {path: text for path, text in file_tree(synthetic.generated).items() if path.startswith("kerja-sama/")}
        changed = [path for path in pages if now[path] != pages[path]]
        assert len(changed) <= made <= records // 8, (day, made, changed)
        assert _differences(file_tree(synthetic.generated), _cold_tree(synthetic, day, tmp_path / f"cold{days}",
                                                                          monkeypatch)) == []
        pages = now


def test_a_register_with_errors_caches_nothing(synthetic: Project, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = sorted(synthetic.agreements.glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("\njudul:", "\njudulx:", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed):
        _generate(synthetic, AS_OF, tmp_path / "cache", monkeypatch)
    assert not (tmp_path / "cache" / outputcache.FOLDER).exists()


def test_unused_entries_and_other_builds_are_removed(synthetic: Project, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _generate(synthetic, AS_OF, cache, monkeypatch)
    other_build = cache / outputcache.FOLDER / ("f" * 64)
    other_build.mkdir()
    (other_build / "x").write_bytes(b"old")
    before = len(_entries(cache))
    past = 1_000_000_000.0  # entries of another day's run: older than this generation
    for entry in _entries(cache):
        os.utime(entry, (past, past))
    later = _generate(synthetic, AS_OF + dt.timedelta(days=1), cache, monkeypatch)
    assert not other_build.exists()
    remaining = _entries(cache)
    assert later.cache is not None
    assert all(entry.stat().st_mtime > past for entry in remaining)  # each used by the later generation
    assert len(remaining) < before + later.cache.counts.made  # the other day's pages are gone


def _build(project: Project, site: Path, cache: Path, as_of: dt.date) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), **{ENVIRONMENT: str(cache)})
    env.pop(cachedir.SWITCH, None)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "build", "--as-of",
                           as_of.isoformat(), "--site-dir", str(site)],
                          env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_kerjasama_build_warm_equals_cold(tmp_path: Path) -> None:
    """The whole build (MkDocs, search index, post-build checks): a warm site after an edit is the cold site."""
    agreements = tmp_path / "register"
    write_register(agreements, 24, SEED)
    warm = make_site_project(tmp_path / "warm", agreements=agreements)
    first = _build(warm, tmp_path / "warm-site", tmp_path / "cache", AS_OF)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    path = sorted(warm.agreements.glob("*.yaml"))[2]
    data = _load(path)
    data["judul"] = f"{data['judul']} (diubah)"
    path.write_text(dump(data), encoding="utf-8")
    later = AS_OF + dt.timedelta(days=1)
    second = _build(warm, tmp_path / "warm-site", tmp_path / "cache", later)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert re.search(r"Situs sebelumnya: [1-9][0-9]* berkas sama", second.stderr)  # the first site's files, linked
    cold = make_site_project(tmp_path / "cold", agreements=warm.agreements)
    third = _build(cold, tmp_path / "cold-site", tmp_path / "cold-cache", later)
    assert third.returncode == 0, third.stdout[-3000:] + third.stderr[-3000:]
    assert _differences(file_tree(tmp_path / "warm-site"), file_tree(tmp_path / "cold-site")) == []
