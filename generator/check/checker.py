"""JSON Schema stage: validate one record's data and translate every error into a diagnostic.

The schema is checked once when loaded; ``$ref`` resolves only inside the schema (an empty
registry, so nothing is ever fetched from the network). Messages and hints are Indonesian
and name the field by its schema title; the location comes from the loader's line map.
"""

from __future__ import annotations

import calendar
import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Any

from jsonschema import Draft202012Validator, TypeChecker, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry

from generator.check import fastschema
from generator.clock import FIRST_YEAR, LAST_YEAR
from generator.diagnostics import Diagnostic, json_path, make
from generator.read.codelists import suggest
from generator.read.yamlstrict import MAX_INT_DIGITS, InstancePath, LineMap, Position

TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "boolean": "true atau false",
    "array": "daftar (baris diawali '- ')",
    "object": "kumpulan kolom (nama: nilai)",
    "null": "kosong",
}
_YAML11_BOOLS = {"yes", "no", "y", "n", "on", "off", "ya", "tidak", "benar", "salah", "true", "false"}
# How alike a misspelt key must be to a known one before it is suggested ("jdul" -> "judul"
# scores 0.89; "keterangan" -> "keputusan_perpanjangan" scores 0.62 and is no help).
KEY_SIMILARITY = 0.75
SHORT_CHOICES = 12  # an enum this long or shorter is spelled out in the hint; a longer one is linked
CODES_PAGE = "/panduan/referensi-skema/"  # its #kode-<name> sections list every code list in full
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DIGITS = re.compile(r"[-+]?[0-9]+\Z")
_CAPITAL_BOOLS = {"True", "TRUE", "False", "FALSE"}
# Whitespace a reader cannot tell from a space, or cannot see at all, named in the message.
_ODD_SPACES = {"\u00a0": "spasi tak terputus (NBSP, U+00A0)", "\u3000": "spasi ideografis (U+3000)",
               "\t": "tab", "\n": "baris baru"}


def _is_integer(_checker: TypeChecker, instance: object) -> bool:
    """JSON Schema calls 2024.0 an integer; the register does not: YAML ``1e3`` or ``2024.0`` is a float
    token, and publishing it would print ``2024.0``. Only a whole number written with digits counts."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_STRICT_TYPES = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
StrictValidator = validators.extend(  # type: ignore[no-untyped-call]  # jsonschema leaves extend() unannotated
    Draft202012Validator, type_checker=_STRICT_TYPES)


def _quote_hint(value: bool | int | float, written: str | None = None) -> str:
    """Quote what was written (issue 18: ``62.10`` unquoted must become "62.10", not "62.1")."""
    shown = written if written else _describe(value)
    read = f" (tanpa tanda kutip YAML membacanya sebagai {_describe(value)})" if written and written != _describe(value) \
        else " (tanpa tanda kutip YAML membaca angka, true dan false bukan sebagai teks)"
    return f"Beri tanda kutip agar dibaca sebagai teks: tulis \"{shown}\", persis seperti di naskah{read}."


def date_problem(value: str, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> str:
    """Why ``value`` is not a real ``YYYY-MM-DD`` date within the years allowed, in words a clerk can act on."""
    match = _ISO_DATE.match(value)
    if match is None:
        return "tidak berbentuk TTTT-BB-HH (angka 0-9, misalnya 2024-05-22)"
    year, month, day = (int(part) for part in match.groups())
    if not first_year <= year <= last_year:
        return f"memuat tahun {match.group(1)}; tahun harus antara {first_year} dan {last_year}"
    if not 1 <= month <= 12:
        return f"memuat bulan {month:02d}, padahal bulan hanya 01 sampai 12"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"memuat hari {day:02d}, padahal bulan {month:02d} tahun {year} hanya sampai tanggal {last}"
    return "bukan tanggal yang sah"


def _describe(value: Any) -> str:
    if value is None:
        return "kosong"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"


@dataclass(frozen=True)
class Schema:
    """A checked JSON Schema with the helpers the translation needs."""

    document: Mapping[str, Any]
    validator: Draft202012Validator
    fast: fastschema.FastCheck | None = None
    """Yes/no pre-check (jsonschema-rs); only records it refuses are translated in detail."""

    @classmethod
    def load(cls, path: Path) -> Schema:
        document = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
        validator = StrictValidator(
            document, registry=Registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        return cls(document, validator, fastschema.load(document))

    @property
    def version(self) -> str:
        return str(self.document.get("x-versi-skema", "0"))

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Follow a local ``$ref`` (``#/$defs/x``) once, merging sibling annotations."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            return node
        target = self.document["$defs"][ref.removeprefix("#/$defs/")]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}

    def node_at(self, path: Iterable[str | int]) -> Mapping[str, Any] | None:
        """The schema describing the instance at ``path``, or None outside the schema."""
        node: Mapping[str, Any] = self.document
        for part in path:
            node = self.resolve(node)
            nxt = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
            if not isinstance(nxt, Mapping):
                return None
            node = nxt
        return self.resolve(node)

    def title(self, path: InstancePath) -> str:
        node = self.node_at(path)
        name = ".".join(str(p) for p in path if isinstance(p, str)) or "berkas"
        if node and node.get("title"):
            return f"{name} ({node['title']})"
        return name

    def check(self, data: Mapping[str, Any], file: str, lines: Mapping[InstancePath, Position],
              record_id: str | None = None) -> list[Diagnostic]:
        """All schema diagnostics for one record; an empty list when valid."""
        if self.fast is not None and self.fast(data):  # speed only: same answer, ~50x sooner
            return []
        seen: set[tuple[str, str, str]] = set()
        out: list[Diagnostic] = []
        for error in self.validator.iter_errors(data):
            for diagnostic in self._translate(error, file, lines, record_id):
                key = (diagnostic.code, diagnostic.json_path, diagnostic.message)
                if key not in seen:
                    seen.add(key)
                    out.append(diagnostic)
        return sorted(out)

    # -- translation ---------------------------------------------------------------------
    # One handler per JSON Schema keyword (``_HANDLERS`` below); a keyword without one says what
    # the schema says (``_other``). Each handler turns one jsonschema error into diagnostics.
    def _translate(self, error: ValidationError, file: str, lines: Mapping[InstancePath, Position],
                   record_id: str | None) -> Iterator[Diagnostic]:
        failure = _Failure(error, file, lines, record_id)
        handler = _HANDLERS.get(failure.keyword, Schema._other)
        yield from handler(self, failure)

    def _required(self, f: _Failure) -> Iterator[Diagnostic]:
        assert isinstance(f.instance, Mapping)
        for name in f.value:
            if name not in f.instance:
                yield f.emit("skema-wajib", f"Kolom wajib {self.title((*f.path, name))} belum diisi.",
                             at=(*f.path, name), hint=self._missing_hint(f.path, name, f.instance, f.lines, f.hint))

    def _additional(self, f: _Failure) -> Iterator[Diagnostic]:
        assert isinstance(f.instance, Mapping)
        known = list(f.schema.get("properties", {}))
        for name in f.instance:
            if name in known:
                continue
            close = difflib.get_close_matches(str(name), known, n=1, cutoff=KEY_SIMILARITY)
            tip = f"Mungkin maksud Anda '{close[0]}'?" if close else None
            yield f.emit("skema-kolom-tidak-dikenal", f"Kolom '{name}' tidak dikenal di {self.title(f.path)}.",
                         at=(*f.path, name), hint=tip)

    def _type(self, f: _Failure) -> Iterator[Diagnostic]:
        expected, instance = f.value, f.instance
        if expected in ("integer", "number") and isinstance(instance, str) and _DIGITS.match(instance) \
                and len(instance.lstrip("+-")) > MAX_INT_DIGITS:
            yield f.emit("skema-batas-nilai", _too_large(self.title(f.path), instance, f.schema))
            return
        names = " atau ".join(TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        written = f.lines.source(f.path) if isinstance(f.lines, LineMap) else None
        hint = _quote_hint(instance, written) if expected == "string" and isinstance(instance, (bool, int, float)) \
            else _type_hint(expected, instance, f.hint)
        yield f.emit("skema-tipe", f"{self.title(f.path)} harus berupa {names}, bukan {_describe(instance)}.",
                     hint=hint)

    def _enum(self, f: _Failure) -> Iterator[Diagnostic]:
        # Issue 18: suggestions from the code list's labels, synonyms and keywords (x-saran), never
        # from edit distance on codes alone; a long list is not cut but linked in full.
        allowed = [str(a) for a in f.value]
        phrases = f.schema.get("x-saran")
        close = suggest(phrases, str(f.instance)) if isinstance(phrases, Mapping) else \
            suggest({a: (a,) for a in allowed}, str(f.instance))
        name = f.schema.get("x-kode")
        if len(allowed) <= SHORT_CHOICES or not isinstance(name, str):
            shown = "Pilihan: " + ", ".join(allowed) + "."
        else:
            shown = f"Daftar lengkap {len(allowed)} pilihan: {CODES_PAGE}#kode-{name}."
        maybe = ", ".join(f"'{c}'" for c in close)
        tip = f"Mungkin maksud Anda {maybe}? {shown}" if close else shown
        yield f.emit("skema-nilai-tidak-dikenal", f"{self.subject(f)} tidak dikenal.", at=f.at, hint=tip)

    def _date(self, f: _Failure) -> Iterator[Diagnostic]:
        years = self.document.get("$defs", {}).get("tanggal", {})
        problem = date_problem(str(f.instance), int(years.get("x-tahun-paling-awal", FIRST_YEAR)),
                               int(years.get("x-tahun-paling-akhir", LAST_YEAR)))
        yield f.emit("skema-tanggal", f"{self.title(f.path)}: {_describe(f.instance)} {problem}.")

    def _pattern(self, f: _Failure) -> Iterator[Diagnostic]:
        if f.schema.get("format") == "date":
            yield from self._date(f)
        elif isinstance(f.schema.get("x-pesan"), str) and not f.is_key:
            # A pattern that says why in the schema: $defs/teks (not blank), $defs/url_dokumen (x-ekstensi).
            if f.instance == "":  # minLength says "tidak boleh kosong" already
                return
            yield f.emit("skema-ekstensi-berkas" if "x-ekstensi" in f.schema else "skema-teks-kosong",
                         f"{self.title(f.path)}: {_describe(f.instance)} {f.schema['x-pesan']}"
                         f"{_odd_spaces(str(f.instance))}.", hint=f.schema.get("x-petunjuk"))
        elif f.is_key:
            parent = self.node_at(f.path) or {}
            tip = f"Periksa ejaan nama kolom. {parent.get('description', '')}".strip()
            yield f.emit("skema-pola", f"{self.subject(f)} tidak berbentuk yang diminta.", at=f.at, hint=tip)
        else:
            yield f.emit("skema-pola", f"Bentuk {self.title(f.path)} salah: {_describe(f.instance)}.", at=f.at,
                         hint=f.schema.get("description") or f.hint)

    def _format(self, f: _Failure) -> Iterator[Diagnostic]:
        if f.value == "date":
            yield from self._date(f)
        else:
            yield f.emit("skema-pola", f"Bentuk {self.title(f.path)} salah: {_describe(f.instance)} bukan {f.value}.")

    def _count(self, f: _Failure) -> Iterator[Diagnostic]:
        keyword, limit = f.keyword, f.value
        what = "paling sedikit" if keyword.startswith("min") else "paling banyak"
        unit = {"Items": "isian", "Length": "karakter", "Properties": "kolom"}[keyword[3:]]
        message = f"{self.title(f.path)} harus memuat {what} {limit} {unit}."
        if keyword == "minLength" and limit == 1:
            message = f"{self.title(f.path)} tidak boleh kosong."
        yield f.emit("skema-jumlah", message)

    def _bound(self, f: _Failure) -> Iterator[Diagnostic]:
        beyond = "di bawah batas paling kecil" if "inimum" in f.keyword else "melebihi batas paling besar"
        yield f.emit("skema-batas-nilai", f"{self.title(f.path)} bernilai {_describe(f.instance)}, {beyond} {f.value}.")

    def _unique(self, f: _Failure) -> Iterator[Diagnostic]:
        yield f.emit("skema-duplikat", f"{self.title(f.path)} memuat isian yang sama lebih dari sekali.")

    def _alternatives(self, f: _Failure) -> Iterator[Diagnostic]:
        """anyOf/oneOf: 'one of these fields is required', else the alternative that came closest."""
        context = f.error.context
        if not context:
            yield from self._other(f)
            return
        options = [e for e in context if e.validator == "required"]
        if options and len(options) == len(context):
            required: list[Any] = [n for e in options for n in list(e.validator_value)]  # type: ignore[arg-type]
            names = " atau ".join(sorted({str(n) for n in required}))
            yield f.emit("skema-wajib", f"Salah satu kolom wajib diisi: {names}.",
                         hint=self._nearest_hint(f.error.absolute_schema_path) or f.hint)
            return
        yield from self._translate(best_match(context), f.file, f.lines, f.record_id)

    def _contains_any(self, f: _Failure) -> Iterator[Diagnostic]:
        if isinstance(f.instance, list):
            yield self._contains(f.schema, f.instance, f.path, f.emit)
        else:
            yield from self._other(f)

    def _other(self, f: _Failure) -> Iterator[Diagnostic]:
        """const, not, false schemas and anything else: say what the schema says."""
        detail = {
            "const": f"harus bernilai {_describe(f.value)}",
            "not": "berisi kombinasi kolom yang tidak diizinkan",
        }.get(f.keyword, "tidak memenuhi syarat skema")
        yield f.emit("skema-syarat", f"{self.title(f.path)} {detail}.")

    def subject(self, f: _Failure) -> str:
        """What a value error is about: a key refused by ``propertyNames`` is called a key."""
        if f.is_key:
            return f"Nama kolom {_describe(f.instance)} di {self.title(f.path)}"
        return f"Nilai {_describe(f.instance)} untuk {self.title(f.path)}"

    def _nearest_hint(self, schema_path: Iterable[str | int]) -> str | None:
        """The innermost ``x-petunjuk`` on the way from the root schema to a failing keyword."""
        node: Any = self.document
        found: str | None = None
        for part in schema_path:
            if part == "$ref" and isinstance(node, Mapping):
                node = self.resolve(node)
                continue
            if isinstance(node, Mapping) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                break
            if isinstance(node, Mapping) and isinstance(node.get("x-petunjuk"), str):
                found = node["x-petunjuk"]
        return found

    def _missing_hint(self, path: InstancePath, name: str, instance: Mapping[str, Any],
                      lines: Mapping[InstancePath, Position], hint: str | None) -> str | None:
        """Hint for a missing field: a likely misspelt key first, else what the field holds."""
        node = self.node_at(path) or {}
        known = set(node.get("properties", {}))
        strangers = [str(key) for key in instance if key not in known]
        close = difflib.get_close_matches(name, strangers, n=1, cutoff=KEY_SIMILARITY)
        if close:
            line = lines.get((*path, close[0]), (0, 0))[0]
            return f"Kolom '{close[0]}' di baris {line} mungkin salah ketik untuk '{name}'."
        if hint and name in hint:
            return hint
        field_node = self.node_at((*path, name)) or {}
        description = field_node.get("description")
        return f"Tambahkan baris '{name}: ...'. {description}" if description else None

    def _contains(self, schema: Mapping[str, Any], instance: list[Any], path: InstancePath,
                  emit: Callable[..., Diagnostic]) -> Diagnostic:
        """Say how many items must match ``contains`` (described by its const values) and how many do."""
        wanted = schema.get("contains", {})
        consts = [f"{key}: {_describe(sub['const'])}" for key, sub in wanted.get("properties", {}).items()
                  if isinstance(sub, Mapping) and "const" in sub]
        condition = f"isian dengan {', '.join(consts)}" if consts else "isian yang diminta"
        matcher = self.validator.evolve(schema=wanted)
        matching = [index for index, item in enumerate(instance) if matcher.is_valid(item)]
        low, high = int(schema.get("minContains", 1)), schema.get("maxContains")
        if high == low:
            need = f"tepat {low}"
        elif high is not None and len(matching) > high:
            need = f"paling banyak {high}"
        else:
            need = f"paling sedikit {low}"
        at = (*path, matching[high]) if high is not None and len(matching) > high else path
        return emit("skema-syarat", f"{self.title(path)} harus memuat {need} {condition}; tertulis {len(matching)}.",
                    at=at)


@dataclass(frozen=True)
class _Failure:
    """One jsonschema error with where it is and what every handler needs."""

    error: ValidationError
    file: str
    lines: Mapping[InstancePath, Position]
    record_id: str | None

    @property
    def path(self) -> InstancePath:
        return tuple(self.error.absolute_path)

    @property
    def keyword(self) -> str:
        return str(self.error.validator)

    @property
    def schema(self) -> Mapping[str, Any]:
        return self.error.schema if isinstance(self.error.schema, Mapping) else {}

    @property
    def hint(self) -> str | None:
        found = self.schema.get("x-petunjuk")
        return found if isinstance(found, str) else None

    @property
    def instance(self) -> Any:
        return self.error.instance

    @property
    def value(self) -> Any:
        return self.error.validator_value

    @property
    def is_key(self) -> bool:
        """A key refused by ``propertyNames``: reported at the key's own line."""
        return "propertyNames" in self.error.absolute_schema_path and isinstance(self.instance, str)

    @property
    def at(self) -> InstancePath:
        return (*self.path, self.instance) if self.is_key else self.path

    def emit(self, code: str, message: str, at: InstancePath | None = None,
             hint: str | EllipsisType | None = ...) -> Diagnostic:
        """A diagnostic at ``at`` (default: the failing value); the hint is the schema's
        ``x-petunjuk`` unless one is given (``None``: no hint)."""
        where = self.path if at is None else at
        line, column = _position(self.lines, where)
        chosen = self.hint if isinstance(hint, EllipsisType) else hint
        return make(code, self.file, message, line=line, column=column, json_path=json_path(where),
                    hint=chosen, record_id=self.record_id)


def _type_hint(expected: Any, instance: Any, hint: str | None) -> str | None:
    """The fix for a value of the wrong type, from what was written."""
    if expected == "boolean" and isinstance(instance, str) and instance in _CAPITAL_BOOLS:
        return f"Tulis true atau false dengan huruf kecil, tanpa tanda kutip (bukan '{instance}')."
    if expected == "boolean" and isinstance(instance, str) and instance.lower() in _YAML11_BOOLS:
        return f"Tulis true atau false tanpa tanda kutip (bukan '{instance}')."
    if expected == "integer" and isinstance(instance, float):
        return ("Tulis bilangan bulat dengan angka 0-9 saja, tanpa titik desimal, koma atau eksponen: "
                "misalnya 1000, bukan 1000.0 atau 1e3.")
    if expected == "string" and isinstance(instance, (bool, int, float)):
        return _quote_hint(instance)
    if instance is None:
        return "Isi nilainya, atau hapus kolom ini bila tidak wajib."
    return hint


# JSON Schema keyword -> the Schema method that translates it (see Schema._translate).
_HANDLERS: dict[str, Callable[[Schema, _Failure], Iterator[Diagnostic]]] = {
    "required": Schema._required,
    "additionalProperties": Schema._additional,
    "type": Schema._type,
    "enum": Schema._enum,
    "pattern": Schema._pattern,
    "format": Schema._format,
    **dict.fromkeys(("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"),
                    Schema._count),
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), Schema._bound),
    "uniqueItems": Schema._unique,
    **dict.fromkeys(("anyOf", "oneOf"), Schema._alternatives),
    **dict.fromkeys(("contains", "minContains", "maxContains"), Schema._contains_any),
}


def _too_large(title: str, digits: str, schema: Mapping[str, Any]) -> str:
    """A number too long for the reader (kept as text by yamlstrict): say it is beyond the bound."""
    negative = digits.startswith("-")
    bound = schema.get("minimum" if negative else "maximum")
    beyond = "di bawah batas paling kecil" if negative else "melebihi batas paling besar"
    if bound is None:
        return f"{title} bernilai {digits}, {beyond} yang dapat dibaca ({MAX_INT_DIGITS} angka)."
    return f"{title} bernilai {digits}, {beyond} {bound}."


def _odd_spaces(text: str) -> str:
    """Name the invisible or look-alike whitespace in ``text``, so a clerk knows what to delete."""
    found = [name for char, name in _ODD_SPACES.items() if char in text]
    others = sorted({f"U+{ord(c):04X}" for c in text if c.isspace() and c != " " and c not in _ODD_SPACES})
    found += [f"spasi khusus {code}" for code in others]
    return f" (memuat {', '.join(found)})" if found else ""


def _position(lines: Mapping[InstancePath, Position], path: InstancePath) -> Position:
    """The recorded position of ``path`` or of its nearest recorded ancestor."""
    for end in range(len(path), -1, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return (1, 1)
