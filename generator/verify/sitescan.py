"""The security scan of a built site: nothing injected, nothing fetched elsewhere, nothing leaked.

:class:`Scanner` parses every HTML and SVG file with the standard library's HTML parser (and
Atom/RSS content that feed readers render as markup) and refuses any script the theme or our
own assets did not put there (allow-listed by exact path and content hash), event-handler
attributes, ``javascript:``/``data:``/``vbscript:`` URLs, frames and plugins, resources from
another host (also in CSS files), and personal data in text, attributes and published data
files, found by the detector of :mod:`generator.check.privacy` (the validator's own). :mod:`generator.verify.postbuild` runs it
after every build.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import itertools
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from generator.check.privacy import Finding, findings, maybe_personal
from generator.diagnostics import Diagnostic, make
from generator.site import search, vendored
from generator.verify import jsonstream
from generator.verify.scancache import Call, Entry, Piece, ScanCache


def _theme_dir() -> Path:
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None, "mkdocs-material is a runtime dependency"
    return Path(spec.origin).resolve().parent / "templates"


THEME_DIR = _theme_dir()

# Inline scripts that mkdocs-material 9.8 writes into every page, by SHA-256 of their text
# after the page's base URL (``new URL("../..",location)``) is replaced by BASE. A theme
# upgrade that changes them fails the scan: review the new script, then add its hash here.
THEME_INLINE_SCRIPTS = {
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374": "material: __md_scope/__md_get/__md_set",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f": "material: open tab from URL hash",
}
_THEME_BASE = re.compile(r'new URL\("[A-Za-z0-9./:_-]*",location\)')
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "cite",
                   "longdesc", "ping", "manifest", "codebase", "lowsrc", "dynsrc", "archive", "icon", "itemtype"}
_FETCHING_ATTRIBUTES = {"src", "poster", "data", "background", "lowsrc", "dynsrc", "manifest", "codebase", "archive",
                        "icon"}
_FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
_FORBIDDEN_SCHEMES = ("javascript:", "data:", "vbscript:")
# <link rel=...> values that never fetch anything by themselves.
_INERT_LINK_RELS = {"canonical", "alternate", "next", "prev", "license", "author", "help", "me", "bookmark",
                    "nofollow", "noopener", "noreferrer", "external", "tag", "search"}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
                      re.IGNORECASE)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "aria-description", "content", "placeholder", "value", "label",
                    "summary"}
_HEX_DIGEST = re.compile(r"\A[0-9a-fA-F]{32,128}\Z")
_HEX_RUN = re.compile(r"[0-9a-fA-F]{32}")  # in every word that _HEX_DIGEST matches
_DATA_SUFFIXES = {".json", ".csv", ".ics", ".xml", ".txt", ".geojson"}
_SKIPPED_DATA_KEYS = {"url", "sha256", "location"}
ASSETS = "assets/"


# --- parsing ---------------------------------------------------------------------------------
@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int


@dataclass
class Script:
    attrs: dict[str, str]
    line: int
    text: str = ""


@dataclass
class ParsedPage:
    """What the scanner and the inventory need from one HTML or SVG file."""

    elements: list[Element] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    styles: list[tuple[int, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


# Comment endings browsers accept and Python's html.parser (before the 2025 fixes) does not: a
# comment closed by "--!>" or opened as "<!-->" / "<!--->" ends earlier in a browser, so markup the
# parser takes for comment text would run. Neither the theme nor the generator writes them.
_ODD_COMMENT = re.compile(r"--!>|<!---?>")


# Elements that end a line of text in a browser (blocks, list items, table cells): the page text
# gets a line break there, so numbers in neighbouring table cells ("0 | 840 | 2014") do not read
# as one telephone number, while a number split by inline markup (<b>0812</b>3456...) still does.
_TEXT_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: Script | None = None
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")  # a repeated attribute: browsers keep the first
        if tag in _TEXT_BREAKS:
            self.page.text.append("\n")
        line = self.getpos()[0]
        self.page.elements.append(Element(tag, values, line))
        if tag == "script":
            self._script = Script(values, line)
            self.page.scripts.append(self._script)
        elif tag == "style":
            self._style = []
            self.page.styles.append((line, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _TEXT_BREAKS:
            self.page.text.append("\n")
        if tag == "script":
            self._script = None
        elif tag == "style" and self._style is not None:
            line, _ = self.page.styles[-1]
            self.page.styles[-1] = (line, "".join(self._style))
            self._style = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.text += data
        elif self._style is not None:
            self._style.append(data)
        else:
            self.page.text.append(data)

    def settled(self) -> bool:
        """Everything fed so far is tokenised and no raw-text element is open.

        The parser then is in its initial state (only its line count differs), so what follows
        tokenises exactly as it would in a fresh parser, and text fed so far ends where the next
        piece begins.
        """
        return not self.rawdata and self.cdata_elem is None and self._script is None and self._style is None


def parse_html(text: str, memo: dict[str, ParsedPage] | None = None) -> ParsedPage:
    """The page as the standard library's HTML parser reads it in one go.

    With ``memo``, the theme's boilerplate pieces (:data:`BOILERPLATE`: navigation, footer)
    are tokenised once per distinct text and reused; the result is the same.
    """
    if memo is None:
        collector = _Collector()
        collector.feed(text)
        collector.close()
        return collector.page
    return _parse_pieces(text, memo)


# The theme's boilerplate, repeated byte for byte on hundreds of pages: from each start tag to
# the next landmark (or to the end of the page). A page is cut just before these start tags.
BOILERPLATE = (('<div class="md-container"', '<div class="md-content"'), ('<footer class="md-footer"', None))
MEMO_LIMIT = 256  # distinct boilerplate pieces kept per scanner (a built site has a few dozen)


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut before the boilerplate landmarks: (piece, is boilerplate), in order."""
    start = 0
    for opening, closing in BOILERPLATE:
        begin = text.find(opening, start)
        end = len(text) if closing is None else text.find(closing, begin)
        if begin < 0 or end < 0:
            break
        yield text[start:begin], False
        yield text[begin:end], True
        start = end
    yield text[start:], False


def _parse_pieces(text: str, memo: dict[str, ParsedPage]) -> ParsedPage:
    """``parse_html(text)``, tokenising piece by piece and reusing boilerplate pieces from ``memo``.

    Why this is the same parse: every piece after the first begins with a start tag. A piece is
    tokenised alone, from a fresh parser; when that parser has settled at the piece's end
    (:meth:`_Collector.settled`: nothing half-read, no script or style open), a one-go parse
    would have been in the same state at that point and would go on with the same tokens, lines
    shifted. Otherwise the piece is glued to the next one and tokenised again with it, and a
    glued piece is never taken from or put into the memo. The last piece is closed as in a
    one-go parse. A memo entry is keyed by the piece's full text, so a changed byte anywhere
    in a theme piece (an injected attribute in the navigation) is a different key and is parsed.
    """
    page = ParsedPage()
    lines = 0
    pending = ""
    pieces = list(_pieces(text))
    for index, (piece, boilerplate) in enumerate(pieces):
        chunk = pending + piece
        reusable = boilerplate and not pending
        part = memo.get(chunk) if reusable else None
        if part is None:
            collector = _Collector()
            collector.feed(chunk)
            if not collector.settled():
                if index < len(pieces) - 1:
                    pending = chunk
                    continue
                collector.close()
            elif reusable and len(memo) < MEMO_LIMIT:
                memo[chunk] = collector.page
            part = collector.page
        _append(page, part, lines)
        lines += chunk.count("\n")
        pending = ""
    return page


def _append(page: ParsedPage, part: ParsedPage, lines: int) -> None:
    """Add ``part``, parsed from a point ``lines`` lines into the page, to ``page``."""
    page.elements.extend(Element(e.tag, e.attrs, e.line + lines) for e in part.elements)
    page.scripts.extend(Script(s.attrs, s.line + lines, s.text) for s in part.scripts)
    page.styles.extend((line + lines, css) for line, css in part.styles)
    page.text.extend(part.text)


Marks = tuple[tuple[str, str, str], ...]


def marked(page: ParsedPage, wanted: frozenset[tuple[str, str]]) -> Marks:
    """(tag, class, ``data-id``) of every element whose (tag, class) is wanted, in page order."""
    return tuple((e.tag, css, e.attrs.get("data-id", "")) for e in page.elements
                 for css in dict.fromkeys(e.attrs.get("class", "").split()) if (e.tag, css) in wanted)


# --- URLs --------------------------------------------------------------------------------------
def _normalised(url: str) -> str:
    """The URL as a browser reads its scheme: without spaces and control characters."""
    return _URL_NOISE.sub("", url).lower()


def forbidden_scheme(url: str) -> str | None:
    clean = _normalised(url)
    return next((scheme for scheme in _FORBIDDEN_SCHEMES if clean.startswith(scheme)), None)


def other_host(url: str, own_host: str) -> str | None:
    """The foreign host (or scheme) a URL points to, or None when it stays on this site."""
    clean = url.strip()
    try:
        parts = urlsplit(clean)
    except ValueError:
        return clean
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return f"{parts.scheme}:"
    if parts.netloc and parts.netloc.lower() != own_host:
        return parts.netloc
    return None


def _srcset_urls(value: str) -> list[str]:
    return [item.strip().split(" ")[0] for item in value.split(",") if item.strip()]


def css_urls(css: str) -> Iterator[str]:
    for match in _CSS_URL.finditer(css):
        yield next(group for group in match.groups() if group is not None)


def _personal_data(text: str) -> tuple[Finding, ...]:
    """The personal data in ``text``, leaving out words that are hex digests or URLs.

    Spacing is normalised within each line (a number spread by extra spaces is still found);
    line breaks (:data:`_TEXT_BREAKS`) are kept, so neighbouring table cells stay apart.
    """
    if not maybe_personal(text):  # nor is there any in the text made below (see maybe_personal)
        return ()
    drop = "://" in text or _HEX_RUN.search(text) is not None  # else no word is a digest or a URL
    lines = []
    for line in text.split("\n"):
        words = line.split()
        if drop:
            words = [w for w in words if not _HEX_DIGEST.match(w) and "://" not in w]
        lines.append(" ".join(words))
    return findings("\n".join(lines))


# Short texts (attribute values, table cells) recur on many pages, the theme's on every one:
# each distinct text is checked once per scanner. A result depends on the text alone.
KNOWN_TEXT_LENGTH = 200
KNOWN_TEXT_LIMIT = 200_000
KNOWN_EVENTS_LIMIT = 400_000  # calendar events kept per scanner (Scanner._calendar_leak): 70 bytes each
_EVENT_END = "END:VEVENT\n"  # a calendar's physical line ending an event, read in text mode
_FOLDED = (" ", "\t")  # what begins the continuation of a folded calendar line (RFC 5545 3.1)


def calendar_strings(physical: Sequence[str]) -> list[str]:
    """What the scan checks of some physical lines of a calendar (read in text mode, each with its
    line break): every line as :meth:`Scanner.check_text` reads a text file, then each content line
    folded across physical lines, unfolded."""
    strings = [line for text in physical for line in text.splitlines()]
    content: list[list[str]] = []
    for line in (text.removesuffix("\n") for text in physical):
        if line[:1] in _FOLDED and content:
            content[-1].append(line[1:])
        else:
            content.append([line])
    strings.extend("".join(parts) for parts in content if len(parts) > 1)
    return strings


# --- large pages, piece by piece ------------------------------------------------------------------
# A register-wide page (the expiry list, the evaluation tables: 10 to 25 MB at 10,000 agreements,
# up to 120 MB at 50,000) holds the title of every agreement, so a one-record edit changes its
# bytes and the whole page was parsed again, and parsed whole it took 1.5 GB (issue 16). Such a
# page is cut before every table row, list item and SVG group (the mapping lists and the expiry
# chart hold one per agreement: cut before rows only, they were single pieces of 5 to 12 MB that a
# daily rebuild changed and parsed again) and before the theme's landmarks, and parsed piece by
# piece; with a cache, the verdict of each piece is kept by the SHA-256 of its text and only pieces
# not seen before are parsed. Where the page is cut does not change the verdict, only how much of
# it a change makes parsed again: see Scanner._scan_by_pieces for why it is the one-go scan's.
PIECE_MIN_BYTES = 1 << 20  # markup files from this size (in characters); pieces also keep the scan's memory small
PIECE_TAGS = ("tr", "li", "g")
_PIECE_CUT = re.compile("<(?:" + "|".join([*(rf"{tag}[\s>/]" for tag in PIECE_TAGS),
                                           *(re.escape(mark[1:]) for pair in BOILERPLATE for mark in pair if mark)]) + ")")


def cut_pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut just before every start tag of :data:`PIECE_TAGS` and every theme landmark (no
    empty piece), one piece at a time (a page of 120 MB is not copied whole): (piece, is it the last)."""
    cuts = [0, *(match.start() for match in _PIECE_CUT.finditer(text) if match.start()), len(text)]
    for a, b in itertools.pairwise(cuts):
        yield text[a:b], b == len(text)


def piece_key(chunk: str, last: bool) -> str:
    """The cache key of a piece: its text, and whether it ends the page (then it was closed)."""
    return hashlib.sha256(("end\0" if last else "mid\0").encode() + chunk.encode("utf-8")).hexdigest()


# --- the security scan -------------------------------------------------------------------------
@cache
def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_digest(text: str) -> str:
    """SHA-256 of a text in UTF-8, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Scanner:
    """Scans one built site; ``problems`` collects one line per hazard found."""

    site: Path
    docs: Path
    own_host: str = ""
    base_path: str = "/"
    problems: list[Diagnostic] = field(default_factory=list)
    # (tag, class) pairs whose ``data-id`` values the inventory counts: kept per page, by the
    # SHA-256 of its text, so the inventory need not parse the page again.
    collect: frozenset[tuple[str, str]] = frozenset()
    collected: dict[str, Marks] = field(default_factory=dict)
    memo: dict[str, ParsedPage] = field(default_factory=dict, repr=False)  # theme boilerplate, parsed
    known_text: dict[str, tuple[Finding, ...]] = field(default_factory=dict, repr=False)  # text -> _personal_data
    # A calendar event's lines (by SHA-256) -> their first leak: see :meth:`_calendar_leak`.
    known_events: dict[bytes, Finding | None] = field(default_factory=dict, repr=False)
    # Digests of values the reviewed allow-list lets through (generator.check.privacy.Exemptions), as
    # confirmed against the register by postbuild.scan_site; they are not reported.
    allowed: frozenset[str] = frozenset()
    # Where a value came from in the register ("agreements/x.yaml:31 $.catatan"), or "".
    origin: Callable[[Finding], str] | None = None
    # Results of files whose bytes were scanned before (generator.verify.scancache), or None.
    cache: ScanCache | None = None
    parsed: int = 0  # HTML/SVG and data files parsed (not taken from the cache)
    pieces_parsed: int = 0  # pieces of such files parsed (not taken from the cache)
    _calls: list[Call] | None = field(default=None, repr=False)  # script checks of the file being scanned
    _marked: str = field(default="", repr=False)  # text digest of the page whose marks were collected last

    def report(self, code: str, rel: str, line: int, message: str) -> None:
        """One problem of the built site, located by its path inside the site (catalogue stage ``situs``)."""
        self.problems.append(make(code, rel, message, line=line))

    def trusted_script(self, page_rel: str, src: str) -> bool:
        """A script file the theme or our docs/ assets ship, unchanged, at the path it resolves to.

        The answer depends on other files: while a file is scanned for the cache, it is recorded.
        """
        trusted = self._trusted_script(page_rel, src)
        if self._calls is not None:
            self._calls.append((page_rel, src, trusted))
        return trusted

    def _trusted_script(self, page_rel: str, src: str) -> bool:  # noqa: PLR0911 - one return per reason a script is not trusted
        if urlsplit(src).scheme or urlsplit(src).netloc or "?" in src or "#" in src:
            return False
        if src.startswith("/"):  # absolute path (404.html): relative to the site's base path
            if not src.startswith(self.base_path):
                return False
            target = posixpath.normpath(unquote(src[len(self.base_path):]))
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), unquote(src)))
        if target.startswith("../") or not target.endswith((".js", ".mjs")):
            return False
        built = self.site / target
        if not built.is_file():
            return False
        folder, _, name = target.partition("/")
        if search.is_bundle(folder):  # written by Pagefind: trusted by the pinned version's hashes
            return built.is_file() and not built.is_symlink() and search.CODE.get(name) == _sha256_file(built)
        if target.startswith(vendored.FOLDER):  # third-party code: trusted only by its recorded hash
            return not built.is_symlink() and vendored.trusted(target, _sha256_file(built))
        for origin in (THEME_DIR / target, self.docs / target):
            if origin.is_file() and not origin.is_symlink() and _sha256_file(origin) == _sha256_file(built):
                return target.split("/", 1)[0] != "_generated"
        return False

    def check_scripts(self, rel: str, page: ParsedPage, svg: bool) -> None:
        for script in page.scripts:
            kind = script.attrs.get("type", "").strip().lower()
            src = script.attrs.get("src")
            if svg:
                self.report("situs-skrip", rel, script.line, "elemen <script> di dalam SVG")
            elif src is not None:
                if not self.trusted_script(rel, src):
                    self.report("situs-skrip", rel, script.line, f"skrip {src!r} bukan aset tema atau aset proyek yang tercatat")
            elif kind in _JS_TYPES:
                digest = text_digest(_THEME_BASE.sub("new URL(BASE,location)", script.text, count=1))
                if digest not in THEME_INLINE_SCRIPTS:
                    self.report("situs-skrip", rel, script.line, f"skrip sebaris tidak dikenal (sha256 {digest[:12]}...)")
            elif not (kind == "application/json" and script.attrs.get("id") == "__config"
                      and self.theme_config(rel, script)):
                self.report("situs-skrip", rel, script.line, f"elemen <script type={kind!r}> tidak dikenal")

    def theme_config(self, rel: str, script: Script) -> bool:
        """Material's ``__config`` data block: JSON whose search worker is the theme's own file."""
        try:
            config = json.loads(script.text)
        except json.JSONDecodeError:
            return False
        worker = config.get("search") if isinstance(config, dict) else None
        return worker is None or (isinstance(worker, str) and self.trusted_script(rel, worker))

    def check_url(self, rel: str, line: int, where: str, url: str, *, fetched: bool) -> None:
        scheme = forbidden_scheme(url)
        if scheme:
            self.report("situs-konten-aktif", rel, line, f"URL {scheme} pada {where}: {url[:80]!r}")
        elif fetched:
            host = other_host(url, self.own_host)
            if host:
                self.report("situs-sumber-luar", rel, line, f"sumber daya dari host lain ({host}) pada {where}")

    def check_css(self, rel: str, line: int, where: str, css: str) -> None:
        for url in css_urls(css):
            self.check_url(rel, line, where, url, fetched=True)
        if "expression(" in css.lower().replace(" ", ""):
            self.report("situs-konten-aktif", rel, line, f"ekspresi CSS pada {where}")

    def check_elements(self, rel: str, page: ParsedPage) -> None:
        self.check_tags(rel, page)
        self.check_styles(rel, page)

    def check_tags(self, rel: str, page: ParsedPage) -> None:
        """Elements and their attributes (in page order)."""
        for element in page.elements:
            tag, attrs, line = element.tag, element.attrs, element.line
            if tag in _FORBIDDEN_ELEMENTS:
                self.report("situs-konten-aktif", rel, line, f"elemen <{tag}> tidak diizinkan")
            rels = set(attrs.get("rel", "").lower().split())
            for name, value in attrs.items():
                where = f"<{tag} {name}>"
                if name.startswith("on"):
                    self.report("situs-konten-aktif", rel, line, f"atribut penangan peristiwa {name}= pada <{tag}>")
                elif name == "srcdoc":
                    self.report("situs-konten-aktif", rel, line, f"atribut srcdoc pada <{tag}>")
                elif name in {"srcset", "imagesrcset"}:
                    for url in _srcset_urls(value):
                        self.check_url(rel, line, where, url, fetched=True)
                elif name == "style":
                    self.check_css(rel, line, where, value)
                elif name in _URL_ATTRIBUTES:
                    fetched = name in _FETCHING_ATTRIBUTES or (
                        name in {"href", "xlink:href"} and (tag in {"image", "use", "feimage"} or (
                            tag == "link" and not rels <= _INERT_LINK_RELS)))
                    self.check_url(rel, line, where, value, fetched=fetched)
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
                target = attrs.get("content", "").partition("=")[2]
                self.check_url(rel, line, "<meta refresh>", target, fetched=True)

    def check_styles(self, rel: str, page: ParsedPage) -> None:
        """The page's ``<style>`` blocks (after its elements, in page order)."""
        for line, css in page.styles:
            self.check_css(rel, line, "<style>", css)

    def check_text(self, rel: str, strings: Iterator[str]) -> None:
        finding = self.first_leak(rel, strings)
        if finding is not None:
            self.report("situs-data-pribadi", rel, 1, self.leak(finding))

    def first_leak(self, rel: str, strings: Iterable[str]) -> Finding | None:
        """The first personal data in ``strings`` that the allow-list does not let through, or None."""
        if rel.startswith(ASSETS):  # code and licence texts of bundled libraries, not register content
            return None
        for text in strings:
            found = self.known_text.get(text)
            if found is None:
                found = _personal_data(text)
                if len(text) <= KNOWN_TEXT_LENGTH and len(self.known_text) < KNOWN_TEXT_LIMIT:
                    self.known_text[text] = found
            for finding in found:
                if finding.digest not in self.allowed:
                    return finding
        return None

    def leak(self, finding: Finding) -> str:
        """The problem line for personal data on the site, with its place in the register when known."""
        where = self.origin(finding) if self.origin is not None else ""
        return f"data pribadi: {finding.label}" + (f" (asal: {where})" if where else "")

    def scan_markup(self, path: Path, rel: str) -> None:
        self.parsed += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        for odd in _ODD_COMMENT.finditer(text):
            self.report("situs-konten-aktif", rel, text.count("\n", 0, odd.start()) + 1,
                        f"komentar HTML yang ditutup tidak baku ({odd.group()!r}): peramban menutupnya di sini, "
                        "pemeriksa ini tidak, sehingga isi sesudahnya bisa lolos dari pemeriksaan")
        if len(text) >= PIECE_MIN_BYTES and self._scan_by_pieces(text, rel):
            return
        page = parse_html(text, self.memo)
        if self.collect:
            self._marked = text_digest(text)
            self.collected[self._marked] = marked(page, self.collect)
        svg = path.suffix == ".svg"
        self.check_scripts(rel, page, svg)
        self.check_elements(rel, page)
        self.check_text(rel, self._markup_strings(page))

    def _scan_by_pieces(self, text: str, rel: str) -> bool:
        """Scan a large page from its pieces' kept verdicts, parsing only pieces not seen before; False
        (nothing reported) when it holds personal data, which the one-go scan then reports.

        Why the result is the one-go scan's (``parse_html`` then every check): the pieces are
        tokenised as in :func:`_parse_pieces` (a piece whose parser has not settled is glued to the
        next one), so their elements, scripts, styles and texts are the one-go parse's, in order,
        lines shifted. Every check but the page-text check looks at one element, script or style
        at a time, so a piece's problems are the one-go problems of its part of the page; they are
        kept per kind and put together kind by kind, in the one-go order (scripts, elements,
        styles). The page text is joined from the pieces' texts exactly as the one-go scan joins
        it and checked whole on every run; the attribute values are checked per piece. A script
        check answered by other files (a ``<script src>``) is asked again before a kept verdict is
        used. A verdict is kept by the SHA-256 of the piece's text (and whether it closed the page)
        under the cache's rules digest, so a changed byte is a new key and is parsed.
        """
        svg = rel.endswith(".svg")
        kept = self.cache.load_pieces(rel) if self.cache is not None else {}
        used: dict[str, Piece] = {}
        kinds: tuple[list[Diagnostic], list[Diagnostic], list[Diagnostic]] = ([], [], [])
        texts: list[str] = []
        marks: list[tuple[str, str, str]] = []
        calls: list[Call] = []
        lines, pending = 0, ""
        for piece, last in cut_pieces(text):
            chunk = pending + piece
            key = piece_key(chunk, last)
            verdict = self._kept(used.get(key) or kept.get(key))
            if verdict is None:
                collector = _Collector()
                collector.feed(chunk)
                if not collector.settled():
                    if not last:
                        pending = chunk
                        continue
                    collector.close()
                self.pieces_parsed += 1
                verdict = self._piece_verdict(rel, collector.page, svg)
                if verdict is None:
                    return False
            used[key] = verdict
            for found, problems in zip(kinds, (verdict.scripts, verdict.elements, verdict.styles), strict=True):
                found.extend(replace(problem, line=problem.line + lines) for problem in problems)
            if verdict.text is not None:
                texts.append(verdict.text)
            marks.extend(verdict.marks)
            calls.extend(verdict.calls)
            lines += chunk.count("\n")
            pending = ""
        if self.first_leak(rel, [" ".join(texts)]) is not None:
            return False
        for found in kinds:
            self.problems.extend(found)
        if self._calls is not None:
            self._calls.extend(calls)
        if self.collect:
            self._marked = text_digest(text)
            self.collected[self._marked] = tuple(marks)
        if self.cache is not None and (used.keys() != kept.keys() or any(used[key] is not kept[key] for key in used)):
            self.cache.store_pieces(rel, used)
        return True

    def _kept(self, verdict: Piece | None) -> Piece | None:
        """A kept verdict whose script checks answered by other files still have the same answers."""
        if verdict is None or not all(self._trusted_script(page, src) == trusted for page, src, trusted in verdict.calls):
            return None
        return verdict

    def _piece_verdict(self, rel: str, part: ParsedPage, svg: bool) -> Piece | None:
        """What the checks find in one piece (lines from the piece's start), or None when one of its
        attribute values holds personal data."""
        if self.first_leak(rel, self._attribute_strings(part)) is not None:
            return None
        start, outer = len(self.problems), self._calls
        self._calls = []
        try:
            self.check_scripts(rel, part, svg)
            scripts = len(self.problems)
            self.check_tags(rel, part)
            elements = len(self.problems)
            self.check_styles(rel, part)
            calls = tuple(self._calls)
        finally:
            self._calls = outer
        found = self.problems[start:]
        del self.problems[start:]
        return Piece(scripts=tuple(found[:scripts - start]), elements=tuple(found[scripts - start:elements - start]),
                     styles=tuple(found[elements - start:]), calls=calls,
                     text=" ".join(part.text) if part.text else None,
                     marks=marked(part, self.collect) if self.collect else ())

    @staticmethod
    def _markup_strings(page: ParsedPage) -> Iterator[str]:
        yield " ".join(page.text)
        yield from Scanner._attribute_strings(page)

    @staticmethod
    def _attribute_strings(page: ParsedPage) -> Iterator[str]:
        for element in page.elements:
            for name, value in element.attrs.items():
                if name in _TEXT_ATTRIBUTES or name.startswith("data-"):
                    yield value
                elif name == "href" and value.lower().startswith(("mailto:", "tel:")):
                    yield unquote(value.partition(":")[2])

    def scan_search_file(self, path: Path, rel: str) -> bool:
        """A file of a Pagefind bundle's folder (``pagefind/`` or an agreement bundle's): its code must
        be the pinned version's, byte for byte, and nothing else there may be code. True when the
        file needs no other check."""
        name = rel.partition("/")[2]
        if name in search.CODE:
            if _sha256_file(path) != search.CODE[name]:
                self.report("situs-berkas-rusak", rel, 1, f"berkas Pagefind berubah (bukan versi {search.VERSION} yang tercatat)")
            return True
        if name.startswith(("index/", "fragment/", "filter/", "pagefind.")) and name.endswith(search.DATA_SUFFIXES):
            return True  # compressed index data that no browser runs; its text is the scanned pages'
        if name == "pagefind-entry.json":
            return False  # scanned as every data file
        self.report("situs-berkas-rusak", rel, 1, "berkas tak dikenal di folder Pagefind")
        return True

    def scan_css(self, path: Path, rel: str) -> None:
        if (THEME_DIR / rel).is_file() and _sha256_file(THEME_DIR / rel) == _sha256_file(path):
            return  # the theme's own stylesheet, byte for byte
        self.check_css(rel, 1, "CSS", path.read_text(encoding="utf-8", errors="replace"))

    def scan_data(self, path: Path, rel: str) -> None:
        """A published data file, read as a stream (the open-data list is 400 MB at 50,000 agreements)."""
        self.parsed += 1
        if path.suffix in {".json", ".geojson"}:
            with path.open("rb") as handle:
                try:
                    found = self.first_leak(rel, (value for key, value in jsonstream.strings(handle)
                                                  if key not in _SKIPPED_DATA_KEYS))
                except (jsonstream.JSONError, UnicodeDecodeError):
                    self.report("situs-berkas-rusak", rel, 1, "JSON tidak sah")
                    return
            if found is not None:
                self.report("situs-data-pribadi", rel, 1, self.leak(found))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace") as handle:
                rows = csv.reader(handle)
                header = [name.lower() for name in next(rows, [])]
                keep = [i for i, name in enumerate(header) if not any(k in name for k in _SKIPPED_DATA_KEYS)]
                self.check_text(rel, (row[i] for row in rows for i in keep if i < len(row)))
        elif path.suffix == ".ics" and not rel.startswith(ASSETS):
            with path.open(encoding="utf-8-sig", errors="replace") as handle:
                found = self._calendar_leak(rel, handle)
            if found is not None:
                self.report("situs-data-pribadi", rel, 1, self.leak(found))
        elif path.name != "sitemap.xml":
            with path.open(encoding="utf-8-sig", errors="replace") as handle:
                self.check_text(rel, (line for physical in handle for line in physical.splitlines()))
            if path.suffix == ".xml":
                self.scan_feed(rel, path.read_text(encoding="utf-8-sig", errors="replace"))

    def _calendar_leak(self, rel: str, handle: IO[str]) -> Finding | None:
        """``first_leak`` over a calendar's lines, as :meth:`check_text` reads any text file, and over
        each content line that is folded across physical lines, joined as a calendar reader joins it
        (RFC 5545 3.1: a line break followed by one space or tab is taken out), so a value split by
        the 75-octet folding is read whole as well.

        An event (its lines up to ``END:VEVENT``) is in the calendar of every agreement and in those
        of its partners, sectors and unit, and each calendar is rebuilt every day (issue 16): an
        event is checked once per scanner, its verdict (the first leak in it, or None) kept by the
        SHA-256 of its text. A folded line is joined within its event only."""
        lines: list[str] = []
        for physical in handle:
            lines.append(physical)
            if physical != _EVENT_END:
                continue
            found = self._event_leak(rel, lines)
            if found is not None:
                return found
            lines = []
        return self._event_leak(rel, lines)

    def _event_leak(self, rel: str, lines: list[str]) -> Finding | None:
        key = hashlib.sha256("".join(lines).encode("utf-8", "surrogatepass")).digest()
        if key in self.known_events:
            return self.known_events[key]
        found = self.first_leak(rel, calendar_strings(lines))
        if len(self.known_events) < KNOWN_EVENTS_LIMIT:
            self.known_events[key] = found
        return found

    def scan_feed(self, rel: str, text: str) -> None:
        """Feed readers render Atom/RSS content of type html/xhtml as markup: scan it like a page."""
        try:
            root = ElementTree.fromstring(text)  # noqa: S314 - our own build output, parsed to be checked
        except ElementTree.ParseError as exc:
            self.report("situs-berkas-rusak", rel, exc.position[0], "XML tidak sah")
            return
        for element in root.iter():
            kind = (element.get("type") or "").lower()
            if kind in {"html", "text/html"}:
                markup = element.text or ""
            elif kind in {"xhtml", "application/xhtml+xml"}:
                markup = "".join(ElementTree.tostring(child, encoding="unicode") for child in element)
            else:
                continue
            page = parse_html(markup)
            if page.scripts:
                self.report("situs-skrip", rel, 1, f"{len(page.scripts)} elemen <script> di dalam isi umpan")
            self.check_elements(rel, page)

    def scan(self, paths: Sequence[Path] | None = None) -> list[Diagnostic]:
        """Scan the given files of the site (default: all of it, in path order)."""
        for path in sorted(self.site.rglob("*")) if paths is None else paths:
            rel = path.relative_to(self.site).as_posix()
            if path.is_symlink():
                self.report("situs-berkas-rusak", rel, 1, "tautan simbolik di situs")
            elif not path.is_file() or ("/" in rel and search.is_bundle(rel.partition("/")[0])
                                        and self.scan_search_file(path, rel)):
                continue
            elif path.suffix in {".html", ".htm", ".svg", ".xhtml"}:
                self.scan_cached(path, rel, self.scan_markup, markup=True)
            elif path.suffix == ".css":
                self.scan_css(path, rel)
            elif path.suffix in _DATA_SUFFIXES:
                self.scan_cached(path, rel, self.scan_data, markup=False)
        return self.problems

    def scan_cached(self, path: Path, rel: str, scan: Callable[[Path, str], None], *, markup: bool) -> None:
        """``scan(path, rel)``, or its recorded result when these bytes were scanned under the same rules
        and every script check it made still has the same answer."""
        if self.cache is None:
            scan(path, rel)
            return
        with path.open("rb") as handle:  # in blocks: the open-data list is 400 MB at 50,000 agreements
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        entry = self.cache.load(rel, digest)
        if entry is not None and all(self._trusted_script(page, src) == trusted for page, src, trusted in entry.calls):
            self.problems.extend(entry.problems)
            if self.collect and entry.marks is not None:
                self.collected[entry.text_digest] = entry.marks
            return
        start = len(self.problems)
        self._calls, self._marked = [], ""
        try:
            scan(path, rel)
            calls = tuple(self._calls)
        finally:
            self._calls = None
        problems = tuple(self.problems[start:])
        if any(problem.code == "situs-data-pribadi" for problem in problems):
            return  # its message names the place in the register, which this entry's key does not cover
        text = self._marked if markup else ""
        self.cache.store(rel, digest, Entry(problems, calls, text, self.collected.get(text) if text else None))
