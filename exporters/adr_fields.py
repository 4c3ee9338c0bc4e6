"""Read one ADR field the many ways real repositories write it: status, date, number, title."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

STATUSES = ("draft", "proposed", "accepted", "rejected", "deprecated", "superseded", "unknown")
"""The statuses every imported ADR is normalised to."""

_STATUS_PHRASES: tuple[tuple[str, str], ...] = (
    ("work in progress", "draft"), ("draft", "draft"), ("wip", "draft"),
    ("proposed", "proposed"), ("proposal", "proposed"), ("propose", "proposed"),
    ("under review", "proposed"), ("in review", "proposed"), ("review", "proposed"),
    ("in discussion", "proposed"), ("discussion", "proposed"), ("pending", "proposed"),
    ("open", "proposed"), ("rfc", "proposed"), ("suggested", "proposed"),
    ("accepted", "accepted"), ("approved", "accepted"), ("adopted", "accepted"),
    ("agreed", "accepted"), ("decided", "accepted"), ("implemented", "accepted"),
    ("done", "accepted"), ("active", "accepted"), ("final", "accepted"),
    ("in effect", "accepted"), ("rejected", "rejected"), ("declined", "rejected"),
    ("refused", "rejected"), ("withdrawn", "rejected"), ("abandoned", "rejected"),
    ("deprecated", "deprecated"), ("obsolete", "deprecated"), ("retired", "deprecated"),
    ("superseded", "superseded"), ("superceded", "superseded"), ("replaced", "superseded"),
)
"""Words teams use for a status, and what each means; the first phrase that starts the
status wins, so longer phrases come before the words they contain."""

SUPERSEDED_BY = re.compile(r"^\W*(?:superseded|superceded|replaced)\s+by\b\W*(.*)$", re.I | re.S)
SUPERSEDES = re.compile(r"^\W*(?:supersedes|supercedes|replaces)\b\W*(.*)$", re.I | re.S)

MAX_VALUE = 1000
"""Metadata values are cut to this length before they are read: none is longer in practice."""

_NON_LETTERS = re.compile(r"[^a-z]+")
_WRAPPERS = {"{": "}", "[": "]", "(": ")", '"': '"', "'": "'", "`": "`"}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z ]*)?$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_PROSE_FORMATS = ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y", "%b %d, %Y", "%b %d %Y",
                  "%d %b %Y", "%d %b, %Y", "%b. %d, %Y", "%d. %B %Y")
_NAME_NUMBER = re.compile(r"^(?:adr[-_ ]?)?(\d{1,6})(?=[-_ .]|$)", re.I)
_NAME_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?=[-_ .]|$)")
_HEADING_NUMBER = re.compile(
    r"^(?:(?P<adr>adr)[\s_-]*(?P<n1>\d{1,6})\s*[.:)\-\u2013\u2014]?\s*"
    r"|(?P<n2>\d{1,6})(?:[.:)]|\s+[-\u2013\u2014])\s+)(?P<title>\S.*)$",
    re.I | re.S,
)
_REFERENCE_NUMBER = re.compile(r"^\W*(?:adr[\s_-]*)?0*(\d{1,6})\b", re.I)


@dataclass(frozen=True)
class Status:
    """A normalised status, the ADR it names as its successor, and what was odd about it."""

    value: str
    superseded_by: str | None = None
    warning: str | None = None


def plain_value(value: Any) -> str:
    """A metadata value as text: YAML's `{accepted}` mapping, lists and dates included."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(plain_value(k) for k in value)
    if isinstance(value, list | tuple):
        return ", ".join(plain_value(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unwrap(str(value))


def unwrap(text: str) -> str:
    """`{ accepted }`, `[accepted]`, `"accepted"`, `accepted <!-- optional -->` -> `accepted`."""
    text = _COMMENT.sub("", text[:MAX_VALUE]).strip()
    while len(text) >= 2 and _WRAPPERS.get(text[0]) == text[-1]:
        inner = text[1:-1].strip()
        if text[0] == "[" and "](" in text:
            break
        text = inner
    return text


def normalise_status(raw: str, link: str | None = None) -> Status:
    """The status a text states; `link` is the target of the first link in it, if any."""
    text = unwrap(raw)
    if not text:
        return Status("unknown", warning="the status is empty; read as unknown")
    successor = SUPERSEDED_BY.match(text)
    if successor:
        return Status("superseded", reference(successor.group(1), link))
    if "|" in text:
        return Status("unknown", warning=f"the status {clip(text)!r} lists alternatives "
                                         "(an unfilled template?); read as unknown")
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    words = " " + _NON_LETTERS.sub(" ", ascii_text).strip() + " "
    for phrase, status in _STATUS_PHRASES:
        if words.startswith(f" {phrase} "):
            return Status(status)
    return Status("unknown", warning=f"unrecognised status {clip(text)!r}; read as unknown")


def reference(text: str, link: str | None = None) -> str | None:
    """Another ADR as `ADR-0012` when its number can be read, else its file or the text."""
    text = text.strip().rstrip(".")
    target = link.rsplit("/", 1)[-1].split("#", 1)[0] if link else ""
    found = _REFERENCE_NUMBER.match(text) or _name_number(target)
    if found:
        return f"ADR-{int(found.group(1)):04d}"
    return target or text or None


def _name_number(name: str) -> re.Match[str] | None:
    if not name or _NAME_DATE.match(name):
        return None
    return _NAME_NUMBER.match(name)


def number_from_name(name: str) -> int | None:
    """`0004-x.md`, `ADR004-x.md`, `adr-4-x.md` -> 4; log4brains' `20200926-x.md` -> None."""
    found = _name_number(name)
    return int(found.group(1)) if found else None


def date_from_name(name: str) -> dt.date | None:
    """The creation date in log4brains' `YYYYMMDD-slug.md` names."""
    found = _NAME_DATE.match(name)
    if not found:
        return None
    return _date(int(found.group(1)), int(found.group(2)), int(found.group(3)))


def split_heading(heading: str) -> tuple[int | None, str]:
    """`1. Title`, `ADR004: Title`, `ADR-4 - Title` -> (number, title); else (None, heading)."""
    found = _HEADING_NUMBER.match(heading)
    if not found:
        return None, heading
    return int(found.group("n1") or found.group("n2")), found.group("title").strip()


def parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    """The date a value states, or None with a warning saying why it could not be read."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = plain_value(value)
    if not text:
        return None, "the date is empty; left empty"
    found = _read_date(text)
    if found is None:
        return None, f"the date {clip(text)!r} is not a date I can read; left empty"
    return found


def _read_date(text: str) -> tuple[dt.date | None, str | None] | None:
    for pattern in (_ISO, _YEAR_FIRST):
        found = pattern.match(text)
        if found:
            date = _date(*(int(part) for part in found.groups()))
            return (date, None) if date else None
    found = _DAY_FIRST.match(text)
    if found:
        return _day_first(text, *(int(g) for g in found.groups()))
    cleaned = " ".join(_ORDINAL.sub("", text).split())
    for layout in _PROSE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, layout).date(), None
        except ValueError:
            continue
    return None


def _day_first(text: str, day: int, month: int, year: int) -> tuple[dt.date, str | None] | None:
    """DD/MM/YYYY and DD/MM/YY; an impossible day-month that reads as month-day is taken so,
    with a warning."""
    if year < 100:
        year += 2000
    date = _date(year, month, day)
    if date:
        return date, None
    swapped = _date(year, day, month)
    if swapped:
        return swapped, f"the date {text!r} is not day/month/year; read as month/day/year"
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def clip(text: str, limit: int = 60) -> str:
    """Text short enough to quote in a warning."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
