"""Old URLs of renamed records keep working: a static redirect page at /kerja-sama/<old id>/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import REPO, BuiltSite

from generator.commands.build import POSTBUILD_CHECKS
from generator.site.pages import redirects
from generator.verify import postbuild

OLD, NEW = "2025-kb-pariwisata", "2025-kb-wisata-sungai"


def test_a_renamed_record_leaves_a_redirect_that_passes_every_check(
        tmp_path: Path, site_builder: Callable[..., BuiltSite]) -> None:
    register = tmp_path / "agreements"
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", register)
    text = (register / f"{OLD}.yaml").read_text(encoding="utf-8")
    (register / f"{OLD}.yaml").unlink()
    (register / f"{NEW}.yaml").write_text(text.replace(f"id: {OLD}\n", f"id: {NEW}\nmenggantikan: {OLD}\n"),
                                          encoding="utf-8")
    built = site_builder(register, name="pengalihan")
    page = (built.site / "kerja-sama" / OLD / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<meta http-equiv="refresh" content="0; url=\.\./{NEW}/">', page)
    assert f'<a href="../{NEW}/">' in page and "<script" not in page
    assert (built.site / "kerja-sama" / NEW / "index.html").is_file()
    assert [p for check in POSTBUILD_CHECKS for p in check(built.project, built.site, built.generated)] == []
    assert OLD not in (postbuild.agreement_pages(built.site) or [])


def test_the_inventory_and_the_page_family_share_the_mark() -> None:
    assert postbuild.REDIRECT_MARK == redirects.MARK


def ended_notice(record_id: str) -> str:
    """The notice on an agreement page of tests/fixtures/site (real templates), or ''."""
    import datetime as dt  # noqa: PLC0415

    from generator.check.validate import Environment, validate  # noqa: PLC0415
    from generator.commands.build import context_for  # noqa: PLC0415
    from generator.project import Project  # noqa: PLC0415
    from generator.settings import SiteConfig  # noqa: PLC0415
    from generator.site.pages import agreement  # noqa: PLC0415

    as_of = dt.date(2026, 11, 27)
    env = Environment.load(Project(REPO, register=REPO / "tests" / "fixtures" / "site"))
    result = validate(env, as_of)
    ctx = context_for(env, result, as_of, SiteConfig())
    content = agreement.render(ctx, ctx.model.index.by_id[record_id]).content
    assert isinstance(content, str)
    found = re.search(r'<div class="admonition warning ks-ended".*?</div>', content, re.S)
    text = re.sub(r"<(?!/?p\b)[^>]+>", "", found.group(0)) if found else ""  # keep paragraph breaks only
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_an_ended_agreement_keeps_its_page_with_a_clear_notice() -> None:
    early = ended_notice("2021-swasta-parkir")
    assert early.startswith("Kerja sama ini sudah diakhiri")
    assert "diakhiri lebih awal pada 30 Juni 2023. Alasan: Salah satu pihak tidak memenuhi kewajiban." in early
    assert "naskah tidak pernah dihapus" in early
    assert ended_notice("2019-bpkp-nk-pengawasan").startswith("Kerja sama ini sudah berakhir")
    assert "14 Januari 2024" in ended_notice("2019-bpkp-nk-pengawasan")
    assert ended_notice("2022-katingan-kb-sampah") == ""  # running: no notice
