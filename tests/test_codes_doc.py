"""Docs are a tested contract: every diagnostic code the generator can emit is catalogued and
documented on the site's codes page, and the README names every CLI subcommand."""

from __future__ import annotations

import argparse
import ast
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from constants import REPO

from generator.commands.cli import build_parser
from generator.diagnostics import CATALOGUE, Severity
from generator.site.pages import codes

CODE_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _trees() -> list[tuple[Path, ast.Module]]:
    paths = sorted((REPO / "generator").rglob("*.py"))
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path))) for path in paths]


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _code_argument(call: ast.Call, index: int) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == "code"), None)


def emitters(trees: list[tuple[Path, ast.Module]]) -> dict[str, int]:
    """``make`` and every function that passes one of its parameters on as a code, with that
    parameter's position (``_at(record, code, ...)``, ``self.error(code, ...)``)."""
    found = {"make": 0}
    changed = True
    while changed:
        changed = False
        for _, tree in trees:
            for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name not in found):
                params = [a.arg for a in fn.args.args]
                params = params[1:] if params[:1] == ["self"] else params
                for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                    index = found.get(_name(call) or "")
                    arg = _code_argument(call, index) if index is not None else None
                    if isinstance(arg, ast.Name) and arg.id in params:
                        found[fn.name] = params.index(arg.id)
                        changed = True
                        break
    return found


def used_codes() -> tuple[dict[str, list[str]], list[str]]:
    """Literal codes passed to an emitter, with where; and `make` calls whose code is not literal."""
    trees = _trees()
    names = emitters(trees)
    used: dict[str, list[str]] = {}
    dynamic: list[str] = []
    for path, tree in trees:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _name(call)
            if name not in names:
                continue
            arg = _code_argument(call, names[name])
            options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for option in options:
                where = f"{path.relative_to(REPO)}:{call.lineno}"
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    if CODE_SHAPE.fullmatch(option.value):
                        used.setdefault(option.value, []).append(where)
                elif name == "make" and not (isinstance(option, ast.Name) and option.id == "code"):
                    dynamic.append(where)
    return used, dynamic


def test_scan_finds_the_emitters() -> None:
    names = emitters(_trees())
    assert {"make", "_at", "emit", "error"} <= set(names)
    assert (names["_at"], names["error"], names["emit"]) == (1, 0, 0)


def test_every_emitted_code_is_catalogued() -> None:
    used, dynamic = used_codes()
    assert len(used) >= 40, "the scan must find the codes; did the emitting helpers change?"
    assert {code: where for code, where in used.items() if code not in CATALOGUE} == {}
    assert dynamic == [], "a code must be a literal so this test can see it"


def test_every_catalogued_code_can_be_emitted() -> None:
    used, _ = used_codes()
    assert sorted(set(CATALOGUE) - set(used)) == []


def test_catalogue_entries_are_complete() -> None:
    for code, info in CATALOGUE.items():
        assert CODE_SHAPE.fullmatch(code), code
        assert isinstance(info.severity, Severity)
        assert info.stage in codes.STAGES, f"{code}: stage {info.stage!r} has no section on the codes page"
        for text in (info.title, info.description, info.hint):
            assert text.strip() and text == text.strip(), code
        assert info.description.endswith((".", ")")) and info.hint.endswith((".", ")", ":")), code


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.codes: list[str] = []
        self._in_dt = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        if found:
            self.ids.append(found)
        self._in_dt = tag == "dt" or (self._in_dt and tag == "code")

    def handle_data(self, data: str) -> None:
        if self._in_dt and CODE_SHAPE.fullmatch(data.strip()):
            self.codes.append(data.strip())
            self._in_dt = False


def test_codes_page_lists_every_code_with_an_anchor(real_site: Any) -> None:
    page = real_site.site / "panduan" / "kode-diagnostik" / "index.html"
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    assert sorted(set(CATALOGUE) - set(parser.ids)) == []
    assert sorted(parser.codes) == sorted(CATALOGUE)  # each code documented exactly once
    assert len(parser.ids) == len(set(parser.ids)), "duplicate anchors"
    text = html.unescape(page.read_text(encoding="utf-8"))
    for code, info in CATALOGUE.items():
        assert info.title in text and info.description in text and info.hint in text, code


def test_readme_mentions_every_subcommand() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # argparse has no public accessor
    commands = sorted(sub.choices)
    assert {"validate", "generate", "build", "skema"} <= set(commands)
    assert [c for c in commands if not re.search(rf"kerjasama {re.escape(c)}\b", readme)] == []
