"""The one personal-data detector, shared by the validator and the post-build scan.

:func:`findings` normalises a text, then looks for Indonesian NIK numbers, personal mobile
numbers and personal e-mail addresses. Office contacts (landlines with an area code, e-mail
on government and academic domains) are allowed.

Normalisation, so that a value cannot hide behind its spelling:

* digits: NFKC (full-width ``０``-``９``, mathematical and circled digits, NBSP) and every other
  Unicode decimal digit (Arabic-Indic, Devanagari, ...) become ASCII ``0``-``9``;
* digit separators: a number may be broken by up to three characters of space, dot, hyphen or
  dash, slash and brackets (``3578.0801.0203.0001``, ``(0812) 3456 7890``);
* obfuscated e-mail: ``[at]``, ``(at)``, ``{at}``, `` at ``, ``[dot]``, ``(dot)``, `` dot ``,
  ``(titik)`` and spaces around ``@`` are read as ``@`` and ``.``.

What keeps false positives low: a NIK must have a NIK's structure (province 11-96, regency
and district not 00, day 01-31 or 41-71 for women, month 01-12, serial not 0000) unless a word
such as "NIK" or "KTP" stands just before it; a number glued to a letter (a SHA-256 digest,
an id) is not one; ISO and day-month-year dates are taken out before numbers are read, so
a date range does not read as a telephone number; a money amount in thousands grouping
(``Rp 62.812.345.678``) is not a mobile number, and amounts have no NIK structure.

:class:`Exemptions` is the reviewed allow-list ``data/pengecualian-data-pribadi.yaml``: an
entry names the SHA-256 of a finding's canonical value (:attr:`Finding.digest`), the file and
the field (JSON path); it lets exactly that value in exactly that field through.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

EXEMPTIONS_FILE = "data/pengecualian-data-pribadi.yaml"
EXEMPTIONS_SCHEMA = "schema/pengecualian-data-pribadi.schema.json"

LABELS = {
    "nik": "nomor yang berbentuk NIK (16 angka)",
    "seluler": "nomor telepon seluler",
    "surel": "alamat surel yang bukan surel dinas",
}

# --- normalisation -------------------------------------------------------------------------------
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """One character folded: a decimal digit of any script -> ASCII, else NFKC, dashes -> '-'."""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", char).translate(_DASHES)
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None
                   else c for c in folded)


def normalise(text: str) -> str:
    """``text`` with compatibility forms folded (NFKC), every decimal digit ASCII and dashes '-'.

    Folded character by character, and only the distinct non-ASCII characters a text has: a
    whole-text NFKC cost 20 times the detection itself on the site's pages.
    """
    if text.isascii():
        return text
    table = {ord(char): _fold(char) for char in set(text) if not char.isascii()}
    table = {code: folded for code, folded in table.items() if folded != chr(code)}
    return text.translate(table) if table else text


# Whether a text may hold anything at all: a digit (any script), an '@' (any width) or the
# word "at" (an obfuscated e-mail). Most text has none of them and is skipped at once.
_MAYBE_PERSONAL = re.compile(r"[\d@\uff20\ufe6b]")
# Where an obfuscated '@' may be, found with plain substring tests (a regex for the word "at"
# cost more than the whole plain-'@' search on the site's pages): " at ", "at]", "at )", ...
_AT_HINTS = (" at ", " AT ", " At ", *(f"{at}{right}" for at in ("at", "AT", "At")
                                        for right in ("]", ")", "}", ">", " ]", " )", " }", " >")))


def _maybe_obfuscated(text: str) -> bool:
    # Every hint holds "at", "AT" or "At": three plain searches settle most text (issue 16).
    return ("at" in text or "AT" in text or "At" in text) and any(hint in text for hint in _AT_HINTS)


def maybe_personal(text: str) -> bool:
    """False when ``text`` certainly holds no personal data: no digit, no '@' and no obfuscated '@'.

    Also False for any text made from this one by collapsing runs of white space or leaving words
    out (which join no two other characters), so a caller may test before such a step."""
    return _MAYBE_PERSONAL.search(text) is not None or _maybe_obfuscated(text)


# --- numbers -------------------------------------------------------------------------------------
_SEPARATOR = r"[ \t./()\[\]-]"
# A number: at least ten digits joined by separator runs of at most three characters.
_NUMBER = re.compile(rf"\d(?:{_SEPARATOR}{{0,3}}\d){{9,}}")
_CHUNK = re.compile(r"\d+")
_GAP = re.compile(r"[^0-9]+")
_BRACKET = re.compile(r"[()\[\]]")
# An amount in Indonesian grouping (62.812.345.678, as Babel writes Rp62.812.345.678): never a
# mobile number, though its digits may begin with 628. A NIK so grouped is still a NIK.
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
# Dates are taken out first: ISO (2024-08-15, 2024-08-15T10:00) and day-month-year (15-08-2024).
_DATE = re.compile(r"(?<![0-9])(?:(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
                   r"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d)(?![0-9])")
_NIK_WORD = re.compile(r"(?i)\b(?:nik|ktp|e-ktp|kependudukan|nomor induk)\b[^0-9]{0,24}\Z")


def _nik_shaped(digits: str) -> bool:
    """Province 11-96, regency and district 01-99, birth day 01-31 (41-71 for women), month
    01-12, serial 0001-9999 (Permendagri on the NIK's structure)."""
    province, regency, district = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    day, month, serial = int(digits[6:8]), int(digits[8:10]), int(digits[12:16])
    return (11 <= province <= 96 and regency > 0 and district > 0 and (1 <= day <= 31 or 41 <= day <= 71)
            and 1 <= month <= 12 and serial > 0)


def _mobile(digits: str) -> str | None:
    """The number as 08..., when ``digits`` is an Indonesian mobile number (08x, 628x)."""
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if digits.startswith("08") and digits[2] != "0" and 10 <= len(digits) <= 13:
        return digits
    return None


def _numbers(text: str) -> Iterator[Finding]:
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue  # part of a word: a digest, an id, a document code
        number = match.group()
        undated = _DATE.sub("T", number)  # dates out; what is left may still hold a number
        if undated == number:
            yield from _read_number(text, start, number)
        else:
            for part in _NUMBER.finditer(undated):
                left, right = part.span()
                if not (left and undated[left - 1] == "T") and not (right < len(undated) and undated[right] == "T"):
                    yield from _read_number(text, start + left, part.group())


def _read_number(text: str, start: int, number: str) -> Iterator[Finding]:
    for offset, piece in _bracket_pieces(number):
        keyword = _NIK_WORD.search(text, max(0, start + offset - 48), start + offset) is not None
        yield from _windows(_CHUNK.findall(piece), keyword, mobiles=_THOUSANDS.fullmatch(piece) is None)


def _bracket_pieces(number: str) -> Iterator[tuple[int, str]]:
    """``number`` cut where a bracket cannot belong to one written number: brackets enclose an
    area or country code, so they stand in the first two separators only ("(0812) 3456 7890",
    "+62 (812) 3456 7890"). Counts in a list ("2026 (72) 2024 (6) 2023 (8)") are then
    separate numbers, not one NIK."""
    begin, separators = 0, 0
    for gap in _GAP.finditer(number):
        separators += 1
        if separators > 2 and _BRACKET.search(gap.group()):
            yield begin, number[begin:gap.start()]
            begin, separators = gap.end(), 0
    yield begin, number[begin:]


def _windows(chunks: list[str], keyword: bool, *, mobiles: bool) -> Iterator[Finding]:
    """NIK and mobile numbers made of whole consecutive chunks (a number starts and ends at
    a separator, never inside a digit run): from each chunk the longest such number, then on
    after its end, so one number written in groups is one finding."""
    first = 0
    while first < len(chunks):
        digits, best, end = "", None, first
        for last in range(first, len(chunks)):
            digits += chunks[last]
            if len(digits) == 16 and (keyword or (digits[0] != "0" and _nik_shaped(digits))):
                best, end = Finding("nik", digits), last
            mobile = _mobile(digits) if mobiles and len(digits) >= 10 else None
            if mobile:
                best, end = Finding("seluler", mobile), last
            if len(digits) >= 16:
                break
        if best is not None:
            yield best
        first = end + 1


# --- e-mail --------------------------------------------------------------------------------------
_OBFUSCATED_AT = re.compile(r"\s*(?:[\[({<]\s*(?:at|@)\s*[\])}>]|(?<=\S)\s+at\s+(?=\S)|@)\s*", re.IGNORECASE)
_OBFUSCATED_DOT = re.compile(r"\s*(?:[\[({<]\s*(?:dot|titik)\s*[\])}>]|(?<=\S)\s+dot\s+(?=\S))\s*", re.IGNORECASE)
_EMAIL = re.compile(r"([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
OFFICIAL_MAIL = re.compile(r"(?:^|\.)(?:go\.id|ac\.id|mil\.id|polri\.go\.id|bi\.go\.id)\Z", re.IGNORECASE)


WINDOW = 160  # characters around an '@' or "at" that may belong to the same address


def _marks(text: str) -> list[int]:
    """Positions of every '@' and obfuscated-'@' hint, in order (substring search, no regex)."""
    found = []
    for needle in ("@", *_AT_HINTS):
        at = text.find(needle)
        while at >= 0:
            found.append(at)
            at = text.find(needle, at + 1)
    return sorted(found)


def _emails(text: str) -> Iterator[Finding]:
    """Addresses around each '@' or "at": the obfuscations are undone in that window only
    (over a whole page their patterns cost a hundred times the plain search)."""
    if "@" not in text and not _maybe_obfuscated(text):
        return
    spans: list[list[int]] = []
    for mark in _marks(text):
        left, right = max(0, mark - WINDOW), mark + WINDOW
        if spans and left <= spans[-1][1]:
            spans[-1][1] = right
        else:
            spans.append([left, right])
    for left, right in spans:
        plain = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", text[left:right]))
        for match in _EMAIL.finditer(plain):
            domain = match.group(2).rstrip(".-")
            if "." in domain and not OFFICIAL_MAIL.search(domain):
                yield Finding("surel", f"{match.group(1).strip('.')}@{domain}".lower())


# --- the detector --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and its canonical value (the digits of a NIK,
    a mobile number as 08..., an e-mail address in lower case)."""

    kind: str
    value: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of the canonical value in UTF-8: what an allow-list entry names."""
        return hashlib.sha256(self.value.encode("utf-8")).hexdigest()


def findings(text: str) -> tuple[Finding, ...]:
    """Every distinct piece of personal data in ``text``, in order of appearance."""
    if not maybe_personal(text):  # speed: most text has neither
        return ()
    text = normalise(text)
    found: dict[Finding, None] = {}
    for finding in _numbers(text):
        found.setdefault(finding)
    for finding in _emails(text):
        found.setdefault(finding)
    return tuple(found)


def personal_data(text: str) -> str | None:
    """The kind of personal data found first in ``text`` (Indonesian), or None."""
    found = findings(text)
    return found[0].label if found else None


# --- the reviewed allow-list ---------------------------------------------------------------------
@dataclass(frozen=True)
class Exemption:
    """One entry of the allow-list: this value in this field of this file is not personal data."""

    digest: str
    file: str
    field: str
    reason: str
    reviewer: str
    line: int = 1
    index: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.field, self.digest)


@dataclass(frozen=True)
class Exemptions:
    """The reviewed allow-list (:data:`EXEMPTIONS_FILE`); empty when there is none."""

    entries: tuple[Exemption, ...] = ()
    keys: frozenset[tuple[str, str, str]] = field(default=frozenset(), compare=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], lines: Mapping[tuple[str | int, ...], tuple[int, int]]
                  ) -> Exemptions:
        """Entries of a schema-valid allow-list, each with its line."""
        entries = tuple(
            Exemption(item["nilai_sha256"], item["berkas"], item["kolom"], item["alasan"], item["peninjau"],
                      lines.get(("pengecualian", i), (1, 1))[0], i)
            for i, item in enumerate(data.get("pengecualian", ())))
        return cls(entries, frozenset(entry.key for entry in entries))

    def allows(self, file: str, json_path: str, finding: Finding) -> bool:
        return bool(self.keys) and (file, json_path, finding.digest) in self.keys

    @property
    def digests(self) -> frozenset[str]:
        return frozenset(entry.digest for entry in self.entries)


NO_EXEMPTIONS = Exemptions()
