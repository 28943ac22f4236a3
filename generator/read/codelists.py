"""Code lists (``schema/kode/*.yaml``): the single source of allowed values and their labels.

The JSON Schema embeds each list as an ``enum`` under ``$defs`` (see :mod:`generator.check.schemagen`);
code that needs labels or attributes reads them from here, never from a list in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.project import find_root
from generator.read.record import Record
from generator.read.yamlstrict import read_text

_ATTRIBUTE = re.compile(r"[a-z][a-z0-9_]*")


class CodeListError(Exception):
    """A code list file is missing or malformed: a bug in the repository, not bad user input."""


@dataclass(frozen=True)
class Code:
    """One allowed value with its Indonesian label and extra attributes."""

    code: str
    label: str
    attrs: Mapping[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)


@dataclass(frozen=True)
class CodeList:
    """An ordered list of codes, loaded from one YAML file."""

    name: str
    title: str
    description: str
    codes: tuple[Code, ...]
    extra: Mapping[str, Any]

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    @property
    def values(self) -> list[str]:
        return [item.code for item in self.codes]

    @cached_property
    def _by_code(self) -> Mapping[str, Code]:
        """Each code's first entry: pages look labels up tens of thousands of times per build."""
        found: dict[str, Code] = {}
        for item in self.codes:
            found.setdefault(item.code, item)
        return found

    def suggest(self, written: str) -> list[str]:
        """Codes that may be meant by an unknown answer (see :func:`suggest`)."""
        return suggest({item.code: phrases_of(item) for item in self.codes}, written)

    def label(self, code: str | None) -> str:
        """Label of a code; the raw code when unknown (it is then a validation error elsewhere)."""
        item = self.find(code)
        return item.label if item is not None else code or ""

    def find(self, code: str | None) -> Code | None:
        return self._by_code.get(code) if isinstance(code, str) else None


def def_name(file_stem: str) -> str:
    """``jenis-naskah`` (file) -> ``jenis_naskah`` (schema ``$defs`` key)."""
    return file_stem.replace("-", "_")


def load_codelist(path: Path) -> CodeList:
    parsed = read_text(path.read_bytes(), path.name)
    if parsed.data is None:
        raise CodeListError(f"{path}: " + "; ".join(d.message for d in parsed.diagnostics))
    data = parsed.data
    for item in data.get("nilai", ()):
        odd = [k for k in item if not (isinstance(k, str) and _ATTRIBUTE.fullmatch(k))]
        if odd:  # e.g. an unquoted comma in a flow mapping split a label into a stray key
            raise CodeListError(f"{path}: kode {item.get('kode')!r} memuat kunci tak lazim {odd}; beri tanda kutip pada label")
    try:
        codes = tuple(
            Code(str(item["kode"]), str(item["label"]),
                 MappingProxyType({k: v for k, v in item.items() if k not in ("kode", "label")}))
            for item in data["nilai"]
        )
        extra = MappingProxyType({k: v for k, v in data.items() if k not in ("judul", "keterangan", "nilai")})
        return CodeList(def_name(path.stem), str(data["judul"]), str(data.get("keterangan", "")), codes, extra)
    except (KeyError, TypeError) as exc:
        raise CodeListError(f"{path}: kolom {exc} hilang atau salah bentuk") from exc


@dataclass(frozen=True)
class CodeLists:
    """All code lists of the register, by ``$defs`` name (``urusan``, ``jenis_pihak``...)."""

    lists: Mapping[str, CodeList]

    def __getitem__(self, name: str) -> CodeList:
        return self.lists[name]

    def __iter__(self) -> Iterator[CodeList]:
        return iter(self.lists.values())

    def label(self, name: str, code: str | None) -> str:
        return self.lists[name].label(code)


# --- suggestions (issue 18) ----------------------------------------------------------------------
# Words that name a kind of body, not what it does: "dinas ketahanan pangan" is about food.
_GENERIC_WORDS = frozenset({"dinas", "badan", "bagian", "kantor", "dan", "urusan", "bidang", "pemerintah", "kota",
                            "daerah", "di", "ke", "yang", "untuk", "dengan"})
_WORD = re.compile(r"[a-z0-9]+")
_PREFIX = 5  # a written word matches a known word sharing this many first letters and one starting the other


def words_of(text: str) -> list[str]:
    """The meaningful lower-case words of a code, label or answer (``_`` and ``-`` split words)."""
    return [w for w in _WORD.findall(text.casefold().replace("_", " ")) if w not in _GENERIC_WORDS]


def phrases_of(item: Code) -> tuple[str, ...]:
    """What a code answers to: its code, label, synonyms and keywords (``kata_kunci`` in the code list)."""
    extra = item.get("kata_kunci") or ()
    return (item.code, item.label, *(str(x) for x in extra))


def suggest(phrases: Mapping[str, Sequence[str]], written: str, limit: int = 3) -> list[str]:
    """Codes whose label, synonyms or keywords match what was written, best first.

    Never edit distance on codes alone (issue 18: ``ketahanan_pangan`` was sent to
    ``kelautan_perikanan``): a keyword phrase found whole in the answer counts most, then each
    meaningful word shared with a code's words (a word matches another it begins, or that begins
    it, when both have at least five letters, which catches ``kesehatann``).
    """
    said = " ".join(words_of(written))
    wanted = said.split()
    if not wanted:
        return []
    scored = []
    for position, (code, texts) in enumerate(phrases.items()):
        known = {w for text in texts for w in words_of(str(text))}
        whole = sum(1 for text in texts[2:] if " ".join(words_of(str(text))) and
                    f" {' '.join(words_of(str(text)))} " in f" {said} ")
        shared = sum(1 for w in wanted if any(_same_word(w, k) for k in known))
        if whole or shared:
            scored.append((-(10 * whole + shared), position, code))
    scored.sort()
    best = [item for item in scored if item[0] == scored[0][0]] if scored else []
    return [code for _, _, code in best[:limit]]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= _PREFIX and (a.startswith(b) or b.startswith(a))


def load_codelists(directory: Path) -> CodeLists:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CodeListError(f"{directory}: tidak ada daftar kode")
    found = CodeLists(MappingProxyType({def_name(f.stem): load_codelist(f) for f in files}))
    if STATUS_LIST in found.lists:
        global _signed  # noqa: PLW0603 - the signed states of the register being read, see signed_states()
        _signed = signed_codes(found[STATUS_LIST])
    if KIND_LIST in found.lists:
        global _preliminary  # noqa: PLW0603 - as above, see preliminary_kinds()
        _preliminary = preliminary_codes(found[KIND_LIST])
    return found


# --- flags of the code lists applied to a record ------------------------------------------------
# The recorded statuses after signing are the codes of schema/kode/status-naskah.yaml without the
# flag ``sebelum_tanda_tangan``; the preliminary document kinds (issue 18: a Letter of Intent states
# an intention and is never in force) are the codes of schema/kode/jenis-naskah.yaml flagged
# ``pendahuluan``. No list in Python restates them.
STATUS_LIST = "status_naskah"
BEFORE_SIGNING = "sebelum_tanda_tangan"
KIND_LIST = "jenis_naskah"
PRELIMINARY = "pendahuluan"
_signed: frozenset[str] | None = None
_preliminary: frozenset[str] | None = None


def signed_codes(statuses: CodeList) -> frozenset[str]:
    """The codes of the recorded-status list that are not flagged ``sebelum_tanda_tangan``."""
    return frozenset(item.code for item in statuses if not item.get(BEFORE_SIGNING, False))


def signed_states() -> frozenset[str]:
    """The signed states of the register: from the code lists loaded last (every command loads
    its project's code lists before it looks at a record), else read once from the status code
    list of the project found from the working folder, as the command line finds it."""
    global _signed  # noqa: PLW0603 - a cache of one code list
    if _signed is None:
        _signed = signed_codes(load_codelist(find_root() / "schema" / "kode" / "status-naskah.yaml"))
    return _signed



def preliminary_codes(kinds: CodeList) -> frozenset[str]:
    """The document kinds flagged ``pendahuluan``."""
    return frozenset(item.code for item in kinds if item.get(PRELIMINARY) is True)


def preliminary_kinds() -> frozenset[str]:
    """The preliminary document kinds of the register, found as :func:`signed_states` finds its codes."""
    global _preliminary  # noqa: PLW0603 - a cache of one code list
    if _preliminary is None:
        _preliminary = preliminary_codes(load_codelist(find_root() / "schema" / "kode" / "jenis-naskah.yaml"))
    return _preliminary


def is_signed(record: Record) -> bool:
    return record.get("status") in signed_states()


def is_preliminary(record: Record) -> bool:
    """A Letter of Intent: signed, yet never in force. (A record without a document cannot be
    signed by the schema, so it is "in process" anyway.)"""
    return record.get("jenis_naskah") in preliminary_kinds()
