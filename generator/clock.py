"""The as-of date. Only the command line asks for today's date; everything else takes it."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
ENV_VAR = "KERJASAMA_AS_OF"
# The years every date may fall in, as the schema's $defs/tanggal says (x-tahun-paling-awal,
# x-tahun-paling-akhir; tests/test_shape.py keeps the two equal). The as-of date is held to
# them too, so every date the generator computes with (an end date plus a day, a window of a
# few years) stays far from the limits of Python's calendar (year 1 to 9999).
FIRST_YEAR, LAST_YEAR = 1945, 2100


class AsOfError(ValueError):
    """The as-of date given by a person is not a real date, or not within the register's years."""


def parse_as_of(text: str) -> dt.date:
    try:
        if len(text) != 10 or not text.isascii():
            raise ValueError(text)
        date = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise AsOfError(f"tanggal acuan '{text}' tidak sah; tulis TTTT-BB-HH, misalnya 2026-11-27") from exc
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise AsOfError(f"tanggal acuan '{text}' di luar rentang; tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}")
    return date


def today_wib(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Asia/Jakarta (WIB), whatever the machine's time zone."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(WIB).date()


def resolve_as_of(cli_value: str | None, environ: dict[str, str] | None = None) -> dt.date:
    """``--as-of`` wins, then ``KERJASAMA_AS_OF``, then today in WIB."""
    env = os.environ if environ is None else environ
    if cli_value:
        return parse_as_of(cli_value)
    if env.get(ENV_VAR):
        return parse_as_of(env[ENV_VAR])
    return today_wib()
