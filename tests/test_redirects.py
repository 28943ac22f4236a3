"""Old URLs of renamed records keep working: a static redirect page at /kerja-sama/<old id>/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import REPO, BuiltSite

from generator import postbuild
from generator.build import POSTBUILD_CHECKS
from generator.pages import redirects

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
