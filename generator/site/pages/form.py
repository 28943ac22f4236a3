"""The proposal form (``/usulkan/``) and the form schema it loads (``/usulkan/skema-formulir.json``).

The page is a shell: docs/assets/usulkan.js builds the form in the browser from the form schema
(:mod:`generator.site.formschema`), with the vendored form library (generator/site/vendored.py). Without
JavaScript the page says what to do instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from generator.read.codelists import CodeLists
from generator.site.formschema import form_document
from generator.site.page import Page, SiteContext, markdown_page

PATH = "usulkan/index.md"
URL = "usulkan/"
SCHEMA_PATH = "usulkan/skema-formulir.json"
GUIDE_URL = "../panduan/usulkan/"
ISSUE_TEMPLATE = "kerja-sama-baru.yml"


def pages(ctx: SiteContext) -> Iterator[Page]:
    codelists: CodeLists = ctx.model.index.codelists
    document = form_document(ctx.schema, codelists, ctx.config.repo_url, ctx.config.edit_branch)
    yield Page(SCHEMA_PATH, json.dumps(document, ensure_ascii=False, sort_keys=False, indent=1) + "\n")
    issue_url = f"{ctx.config.repo_url}/issues/new?template={ISSUE_TEMPLATE}" if ctx.config.repo_url else ""
    body = ctx.render("form.html", guide_url=GUIDE_URL, issue_url=issue_url, repo_url=ctx.config.repo_url)
    yield markdown_page(PATH, "Usulkan kerja sama", body, search={"exclude": True})
