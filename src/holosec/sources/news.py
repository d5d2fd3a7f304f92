"""Analysts' own news files: JSON lines, CSV and RSS/Atom feeds, read into rows of the ``articles`` table.

A JSON line or CSV row holds ``title``, ``text``, ``url``, ``published`` and ``language`` (and optionally
``country``, an ISO3 code); a feed entry its title, link, date and summary. Each record becomes one
article with ``source = 'news'``: its id is a hash of its url (or of its title and date), its summary the
start of its text as plain text (a feed's HTML is stripped to its words, never rendered), its language
``en`` or ``zh`` as given or guessed, and its countries the one given or those the gazetteer finds
(:mod:`holosec.text.gazetteer`). A record that cannot be stored (no title and no text, no date, a country
that is not ISO3, an over-long field, a line that is not JSON ...) is passed on with its reason for the
quarantine; a file that is not UTF-8 text is refused whole. Reading never fetches anything: a feed is
parsed from its bytes.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser  # type: ignore[import-untyped]

from holosec.errors import InputError
from holosec.sources.inputs import unlimited_fields
from holosec.sources.records import Rejected
from holosec.text.gazetteer import codes, find_countries

NEWS_LICENCE = "user-supplied news"
SUMMARY_CHARS = 1_000
# The longest value each field may hold; a longer one quarantines its record.
LIMITS = {
    "title": 2_000, "text": 1_000_000, "url": 4_096, "published": 64, "language": 35, "country": 64,
    "source": 500,
}  # fmt: skip
MAX_LINE_BYTES = 4 * 2**20
RAW_KEEP = 10_000
KINDS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_PACKED = (".gz", ".zip")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_SPACE = re.compile(r"\s+")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class NewsRow:
    """One article ready for the ``articles`` table."""

    article_id: str
    date: date
    published_at: datetime
    source_name: str | None
    url: str | None
    title: str | None
    summary: str | None
    language: str
    countries: list[str]


Record = NewsRow | Rejected


class _Problem(ValueError):
    """Why one record cannot be stored."""


def collapse(text: str) -> str:
    """Text with every run of white space made one space, trimmed.

    >>> collapse("  two\\n\\t words ")
    'two words'
    """
    return _SPACE.sub(" ", text).strip()


def guess_language(text: str) -> str:
    """``zh`` when most letters of ``text`` are Han characters, else ``en``.

    >>> guess_language("朝鲜向禁航区发射炮弹"), guess_language("Quake hits Sichuan 四川")
    ('zh', 'en')
    """
    letters = sum(char.isalpha() for char in text)
    return "zh" if letters and len(_HAN.findall(text)) * 2 > letters else "en"


class _Words(HTMLParser):
    """The text of an HTML fragment: its character data, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """The words of an HTML fragment as plain text (tags dropped, entities decoded, never rendered).

    >>> html_text("<p>Quake <b>kills</b> 3</p><script>alert(1)</script> &amp; more")
    'Quake kills 3 & more'
    """
    words = _Words()
    words.feed(fragment)
    words.close()
    return collapse("".join(words.parts))


def parse_published(value: str) -> datetime:
    """A published date or time (ISO 8601 or RFC 822) as a naive UTC datetime; a date is its midnight.

    >>> parse_published("2013-04-16T14:00:00+02:00")
    datetime.datetime(2013, 4, 16, 12, 0)
    >>> parse_published("Tue, 16 Apr 2013 14:00:00 GMT")
    datetime.datetime(2013, 4, 16, 14, 0)
    """
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError) as exc:
            raise _Problem(f"unparseable published date: {text[:64]!r}") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    if not 1900 <= parsed.year <= datetime.now(UTC).year + 1:
        raise _Problem(f"published date out of range: {text[:64]!r}")
    return parsed


def _text_field(fields: Mapping[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Problem(f"{name} is not text")
    if len(value) > LIMITS[name]:
        raise _Problem(f"field too long: {name} ({len(value):,} characters; at most {LIMITS[name]:,})")
    return value.strip() or None


def _language(given: str | None, text: str) -> str:
    code = re.split(r"[-_]", given.strip().lower())[0] if given else ""
    return code if code in ("en", "zh") else guess_language(text)


def _web_address(url: str | None) -> str | None:
    if url is not None and urlsplit(url).scheme.lower() not in ("http", "https"):
        raise _Problem(f"url is not an http(s) address: {url[:64]!r}")
    return url


def article_id(url: str | None, title: str | None, published: datetime) -> str:
    """``news:`` and a hash of the url, or of the title and date when there is no url.

    >>> article_id("https://example.org/a", None, datetime(2013, 4, 16))
    'news:b5b10dd0429e69ac7cfaf0a2'
    """
    key = url if url else f"{title or ''}\n{published.isoformat()}"
    return "news:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def news_row(fields: Mapping[str, Any], *, source_name: str | None = None) -> NewsRow:
    """The article of one record's fields (``title``, ``text``, ``url``, ``published``, ``language``,
    ``country``); raises ``ValueError`` with the reason when it cannot be stored.

    >>> row = news_row({"title": "Quake in Sichuan, China", "published": "2013-04-20",
    ...                 "url": "https://example.org/q"})
    >>> row.source_name, row.language, row.countries
    ('example.org', 'en', ['CHN'])
    """
    title, text = _text_field(fields, "title"), _text_field(fields, "text")
    if title is None and text is None:
        raise _Problem("no title and no text")
    published_text = _text_field(fields, "published")
    if published_text is None:
        raise _Problem("no published date")
    published = parse_published(published_text)
    url = _web_address(_text_field(fields, "url"))
    country = _text_field(fields, "country")
    if country is not None and country.upper() not in codes():
        raise _Problem(f"country is not an ISO3 code: {country!r}")
    words = collapse(f"{title or ''} {text or ''}")
    summary = collapse(text)[:SUMMARY_CHARS] if text else None
    return NewsRow(
        article_id=article_id(url, title, published),
        date=published.date(),
        published_at=published,
        source_name=_text_field(fields, "source") or source_name or (urlsplit(url).hostname if url else None),
        url=url,
        title=collapse(title) if title else None,
        summary=summary or None,
        language=_language(_text_field(fields, "language"), words),
        countries=[country.upper()] if country else find_countries(words),
    )


def _record(line: int, raw: str, fields: Mapping[str, Any], source_name: str | None = None) -> Record:
    try:
        return news_row(fields, source_name=source_name)
    except _Problem as problem:
        return Rejected(line, raw[:RAW_KEEP], str(problem))


def _json_lines(path: Path) -> Iterator[Record]:
    with path.open("rb") as stream:
        number = 0
        while chunk := stream.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
                size = len(chunk) + _skip_line(stream)
                raw = chunk[:RAW_KEEP].decode("utf-8", errors="replace")
                yield Rejected(number, raw, f"line longer than {MAX_LINE_BYTES:,} bytes ({size:,} bytes)")
                continue
            raw = chunk.decode("utf-8").rstrip("\r\n")
            yield _json_record(number, raw)


def _skip_line(stream: Any) -> int:
    skipped = 0
    while (chunk := stream.readline(_CHUNK)) and not chunk.endswith(b"\n"):
        skipped += len(chunk)
    return skipped + len(chunk)


def _json_record(number: int, raw: str) -> Record:
    if not raw.strip():
        return Rejected(number, raw, "blank line")
    try:
        fields = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Rejected(number, raw[:RAW_KEEP], f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(fields, dict):
        return Rejected(number, raw[:RAW_KEEP], "not a JSON object")
    return _record(number, raw, fields)


def _csv_rows(path: Path) -> Iterator[Record]:
    with unlimited_fields(), path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream)
        header = [name.strip().lower() for name in next(reader, [])]
        if "published" not in header or not {"title", "text"} & set(header):
            raise InputError(path, "CSV header needs published and title or text columns")
        start = reader.line_num + 1
        for fields in reader:
            raw = ",".join(fields)
            if len(fields) != len(header):
                reason = f"wrong column count: {len(fields)} (expected {len(header)})"
                yield Rejected(start, raw[:RAW_KEEP], reason if any(fields) else "blank line")
            else:
                yield _record(start, raw, {k: v for k, v in zip(header, fields, strict=True) if v != ""})
            start = reader.line_num + 1


def _feed_entries(path: Path) -> Iterator[Record]:
    parsed = feedparser.parse(path.read_bytes(), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(path, f"not an RSS or Atom feed with entries{f' ({problem})' if problem else ''}")
    source_name = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        fields = _entry_fields(entry)
        raw = json.dumps({k: v for k, v in fields.items() if k != "text"}, ensure_ascii=False)
        yield _record(number, raw, fields, source_name)


def _entry_fields(entry: Any) -> dict[str, Any]:
    title = entry.get("title")
    if title and entry.get("title_detail", {}).get("type") == "text/html":
        title = html_text(title)
    html = entry.get("summary") or next((c.get("value") for c in entry.get("content", [])), None)
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*moment[:6]).isoformat() if moment else None
    fields = {"title": title, "text": html_text(html) if html else None, "url": entry.get("link")}
    return {**fields, "published": published, "language": entry.get("language")}


def check_text(path: Path) -> None:
    """Raise :class:`InputError` unless the file is UTF-8 text (no NUL bytes, valid UTF-8), read in chunks."""
    decoding = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if b"\0" in chunk:
                raise InputError(path, "a binary file, not news text (it holds NUL bytes)")
            try:
                decoding.decode(chunk)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not UTF-8 text (byte {done + exc.start:,})") from exc
            done += len(chunk)
    try:
        decoding.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text (cut off at its end)") from exc


def kind_of(name: str, sample: bytes) -> str:
    """``jsonl``, ``csv`` or ``feed``: from the file's suffix (under ``.gz``/``.zip``), else its first bytes.

    >>> kind_of("a.ndjson.gz", b""), kind_of("feed", b'<?xml version="1.0"?><rss>'), kind_of("x", b'{"a"')
    ('jsonl', 'feed', 'jsonl')
    """
    suffixes = [s.lower() for s in Path(name).suffixes]
    while suffixes and suffixes[-1] in _PACKED:
        suffixes.pop()
    if suffixes and suffixes[-1] in KINDS:
        return KINDS[suffixes[-1]]
    start = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "feed"
    if start.startswith(b"{"):
        return "jsonl"
    raise InputError(name, "not a news file: name it .jsonl, .ndjson, .csv, .xml, .rss or .atom")


READERS = {"jsonl": _json_lines, "csv": _csv_rows, "feed": _feed_entries}


def read_news(path: Path, kind: str) -> Iterator[Record]:
    """Every record of a news file of ``kind`` (see :func:`kind_of`), each an article or a rejection.

    >>> import tempfile
    >>> sample = Path(tempfile.mkdtemp()) / "n.jsonl"
    >>> _ = sample.write_text('{"title": "Quake", "published": "2013-04-20"}\\nnot json\\n')
    >>> [type(record).__name__ for record in read_news(sample, "jsonl")]
    ['NewsRow', 'Rejected']
    """
    return READERS[kind](path)
