"""Build the bilingual training corpus of holosec's security-field text classifier (run once, checked in).

    python scripts/text_corpus.py [build] [--data ../shared/data] [--out training/text/corpus.tsv.gz]
    python scripts/text_corpus.py heldout --out DIR [--data ../shared/data]

``build`` (the default) writes ``--out``: a gzip TSV ``source lang label text`` (label = one v2023 field id
or ``none``) from the open labelled sets whose licence allows shipping a model trained on them:

- ``thucnews`` (zh): THUCNews headlines (649453932/Chinese-Text-Classification-Pytorch, MIT), by class.
- ``crisislex_t26`` (en): CrisisLexT26 crisis tweets (sajao/CrisisLex, MIT): unrelated tweets are ``none``,
  the others take the field of their crisis type (natural hazards ecological, man-made accidents social).
- ``phoenix_issues`` / ``phoenix_discards`` (en): the Phoenix issue and discard phrases
  (openeventdata/petrarch2, MIT); issue tags take their field from holosec's ``phoenix_issues.tsv``.
- ``gkg_themes`` (en): GDELT GKG theme names made readable, fields from holosec's ``gkg_themes.tsv``.
- ``cameo`` (en): names, descriptions and examples of the ICEWS CAMEO codebook (andybega/icews, MIT).
- ``petrarch_unittest`` (en): PETRARCH unit-test sentences with gold CAMEO codes (petrarch2, MIT).
- ``ngec_plover`` (en): PLOVER event and mode definitions of the NGEC codebook (ahalterman/NGEC, MIT).

CAMEO codes and PLOVER types take their field from holosec's ``cameo.tsv`` and ``plover.tsv``: the
non-family rule of highest weight (ties: the first listed); a fallback rule gives ``political``.

``heldout`` writes evaluation sets, never shipped (no licence stated, GPL-3.0 or CC BY-SA 4.0, or kept
unseen), as ``DIR/<name>.tsv`` with the same columns: ``nlpcc2017``, ``crisislex_t6``, ``climate_cove350``,
``plover_gsr``, ``india_police`` and ``conflibert`` (label ``security``: any field, not ``none``).

Texts are one line (tabs and newlines become spaces); empty rows and repeated (lang, text) pairs are dropped;
rows are ordered by source, then as read. The gzip has no time stamp, so a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "src" / "holosec" / "taxonomy" / "data" / "rules"
TEXT = "text"
PETRARCH = "petrarch/openeventdata__petrarch2"
THUCNEWS = f"{TEXT}/649453932__Chinese-Text-Classification-Pytorch/THUCNews/data"
CRISISLEX = f"{TEXT}/sajao__CrisisLex/data"
GKG_LOOKUP = "gdelt_docs/RBozydar__py-gdelt/LOOKUP-GKGTHEMES.txt"
CAMEO_CODES = "cameo_lookups/andybega__icews/cameo-codes.csv"
NGEC = "plover/ahalterman__NGEC-2025/PLOVER_structured_codebook_updated.csv"
NLPCC = f"{TEXT}/FudanNLP__nlpcc2017_news_headline_categorization/test.full/test.word"
PLOVER_GSR = "plover/openeventdata__PLOVER/PLOVER_GSR_CAMEO.txt"
INDIA_POLICE = "labelled_text/slanglab__IndiaPoliceEvents/sents.csv"
CONFLIBERT = "labelled_text/eventdata__ConfliBERT/train.tsv"
HEADER = ("source", "lang", "label", "text")

THUCNEWS_LABELS = {
    "finance": "financial",
    "stocks": "financial",
    "realty": "economic",
    "education": "cultural",
    "science": "science_technology",
    "society": "social",
    "politics": "political",
    "sports": "none",
    "game": "none",
    "entertainment": "none",
}
NLPCC_LABELS = {
    "military": "military",
    "finance": "financial",
    "tech": "science_technology",
    "society": "social",
    "world": "political",
    "history": "cultural",
    **dict.fromkeys(
        ("sports", "entertainment", "fashion", "food", "game", "baby", "car", "travel", "regimen", "story"),
        "none",
    ),
    "essay": "none",
    "discovery": "none",
}
# Crisis types (words of a CrisisLex folder name) that are natural hazards; every other crisis is man-made.
NATURAL_CRISES = (
    "earthquake",
    "flood",
    "typhoon",
    "wildfire",
    "bushfire",
    "haze",
    "meteor",
    "hurricane",
    "tornado",
)
# PLOVER gold-standard contexts -> field (the first mapped context of a record wins).
GSR_CONTEXTS = {
    "military": "military",
    "economic": "economic",
    "political": "political",
    "politics": "political",
    "government": "political",
    "diplomatic": "political",
    "election": "political",
    "legal": "political",
    "terrorism": "social",
    "refugee": "social",
    "refugees": "social",
    "resource": "resource",
    "resources": "resource",
    "environment": "ecological",
    "cyber": "cyber",
    "health": "biological",
    "medical": "biological",
    "cbrn": "nuclear",
}
CRISISLEX_T6_CAP = 3000
INDIA_POLICE_CAP = 2000
GKG_PREFIX_CAP = 30
MIN_TWEET_CHARS = 20

# GKG theme prefixes that carry no meaning of their own in a readable name (longest first).
_THEME_PREFIXES = re.compile(
    r"^(TAX_FNCACT_|TAX_|WB_\d+_|ENV_|EPU_CATS_|EPU_POLICY_|EPU_|UNGP_|CRISISLEX_(?:[A-Z]\d+_)?|SOC_|"
    r"ECON_|MIL_|GOV_|MED_|LEG_|USPEC_|SLFID_|SELF_IDENTIFIED_|EMERG_|INFO_|REL_|ETH_|CRM_)"
)
_URL = re.compile(r"https?:?/*\S*|\bwww\.\S+", re.IGNORECASE)
_MENTION = re.compile(r"@\w+:?")
_RT = re.compile(r"\b(?:RT|MT)\b:?")
_SPACE = re.compile(r"\s+")
_CJK_SPACE = re.compile(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])")
_ISSUE = re.compile(r"^(.*?)\s*\[([A-Z0-9_]+)\]")
_POS = re.compile(r"\b[a-z]:")
# Characters of Phoenix.IssueCoding.txt that are Latin-1 bytes read as Mac Roman (mÈniËre for ménière, a
# no-break space as a dagger), and one cp1252 apostrophe that went the same way (people¬ís).
_MAC_ROMAN = str.maketrans(
    {c: c.encode("mac_roman").decode("latin-1") for c in "\u2020\u2030\u00c8\u00cb"} | {"\u00ac": None}
)
_APOSTROPHE = "\u00ed"
# Runs of UTF-8 read as Mac Roman and saved as cp1252 in cameo-codes.csv (right quote as a 3-char run).
_MOJIBAKE = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Row:
    source: str
    lang: str
    label: str
    text: str


@dataclass(frozen=True)
class Rule:
    field: str
    weight: float
    fallback: bool


def one_line(text: str) -> str:
    """The text on one line: every run of white space (tabs, newlines, no-break spaces) one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


_EN_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "in",
        "is",
        "are",
        "was",
        "be",
        "for",
        "on",
        "at",
        "with",
        "this",
        "that",
        "from",
        "by",
        "my",
        "you",
        "it",
        "we",
        "our",
        "they",
        "have",
        "has",
        "not",
        "all",
        "just",
        "so",
        "now",
        "people",
        "after",
        "near",
        "out",
        "up",
        "help",
        "pray",
        "safe",
        "still",
        "will",
        "can",
    ]
)
# Spanish, Italian, Portuguese, Tagalog and French function words: the T26 crises include tweets in these.
_OTHER_WORDS = frozenset(
    [
        "de",
        "el",
        "en",
        "y",
        "que",
        "los",
        "las",
        "del",
        "por",
        "con",
        "para",
        "una",
        "es",
        "di",
        "il",
        "che",
        "per",
        "non",
        "le",
        "da",
        "su",
        "lo",
        "ng",
        "sa",
        "mga",
        "ang",
        "na",
        "ni",
        "ay",
        "des",
        "et",
        "du",
        "est",
        "une",
        "pas",
        "um",
        "uma",
        "se",
        "nos",
        "muy",
        "mas",
        "ya",
        "hay",
        "esta",
    ]
)
_WORD = re.compile(r"[a-záéíóúñàèìòùç]+")


def english(text: str) -> bool:
    """Whether a tweet may be English: no more Romance or Tagalog function words than English ones."""
    words = _WORD.findall(text.lower())
    return sum(word in _EN_WORDS for word in words) >= sum(word in _OTHER_WORDS for word in words)


def clean_tweet(text: str) -> str:
    """A tweet without URLs, @mentions, retweet marks and HTML entities."""
    text = html.unescape(html.unescape(text))
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _RT.sub(" ", text)
    return one_line(text).strip(" :-|")


def join_cjk(text: str) -> str:
    """A word-segmented headline as written: spaces kept only between two Latin letters or digits."""
    return _CJK_SPACE.sub("", one_line(text))


def clean_phrase(phrase: str) -> str:
    """A Phoenix dictionary phrase as plain words: no ``n:``/``v:`` marks, ``+`` a hyphen, lower case."""
    phrase = phrase.replace("\u00ac" + _APOSTROPHE, "'").translate(_MAC_ROMAN)
    phrase = _POS.sub("", phrase).replace("+", "-").replace("_", " ")
    return one_line(phrase.strip("~ ")).lower()


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 text that went through Mac Roman and cp1252 (each run of non-ASCII where it decodes)."""

    def repair(match: re.Match[str]) -> str:
        try:
            return match.group().encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group()

    return _MOJIBAKE.sub(repair, text)


def read_text(path: Path) -> str:
    """A file's text: UTF-8, or cp1252 where it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(read_text(path).splitlines(keepends=True))


def every_kth(rows: list[Row], cap: int) -> list[Row]:
    """At most ``cap`` rows, evenly spread: every k-th row from the first."""
    return rows if len(rows) <= cap else rows[:: math.ceil(len(rows) / cap)][:cap]


def _rules(name: str) -> list[dict[str, str]]:
    lines = (RULES / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t"))


def best_field(rules: Iterable[Rule]) -> str | None:
    """The field of highest weight among non-family rules (the first listed on ties); fallback -> political.

    Fallback rules count only where no other rule gives a field, as holosec applies them.
    """
    fields = [rule for rule in rules if not rule.field.startswith("family:") and rule.weight > 0]
    fields = [rule for rule in fields if rule.field != "none"]
    firm = [rule for rule in fields if not rule.fallback]
    pool = firm or fields
    if not pool:
        return None
    best = max(pool, key=lambda rule: rule.weight)  # max keeps the first of equal weights
    return "political" if best.fallback else best.field


def _rule(row: dict[str, str]) -> Rule:
    return Rule(row["field"], float(row["weight"]), row.get("fallback", "") == "yes")


def cameo_fields() -> dict[str, list[Rule]]:
    rules: dict[str, list[Rule]] = {}
    for row in _rules("cameo.tsv"):
        rules.setdefault(row["prefix"], []).append(_rule(row))
    return rules


def cameo_field(code: str, rules: dict[str, list[Rule]]) -> str | None:
    """holosec's field of a CAMEO code: the longest prefix with a non-family rule decides."""
    for end in range(len(code), 0, -1):
        field = best_field(rules.get(code[:end], []))
        if field is not None:
            return field
    return None


# --- training sources ----------------------------------------------------------------------------------


def thucnews(data: Path) -> Iterator[Row]:
    base = data / THUCNEWS
    names = (base / "class.txt").read_text(encoding="utf-8").split()
    for split in ("dev.txt", "test.txt"):
        for line in (base / split).read_text(encoding="utf-8").splitlines():
            text, _, class_id = line.rpartition("\t")
            yield Row("thucnews", "zh", THUCNEWS_LABELS[names[int(class_id)]], text)


def crisis_field(folder: str) -> str:
    name = folder.lower()
    return "ecological" if any(word in name for word in NATURAL_CRISES) else "social"


def crisislex_t26(data: Path) -> Iterator[Row]:
    for path in sorted((data / CRISISLEX / "CrisisLexT26").glob("*/*labeled*.csv")):
        field = crisis_field(path.parent.name)
        reader = csv.reader(read_text(path).splitlines(keepends=True))
        next(reader)
        for cells in reader:
            informativeness = cells[4].strip()
            # "Related - but not informative" tweets (prayers, jokes, chatter) say little about the field
            # and teach the model the chatter words of tweets; "Not applicable" have no label.
            if informativeness in ("Not applicable", "Related - but not informative"):
                continue
            text = clean_tweet(cells[1])
            if len(text) >= MIN_TWEET_CHARS and english(text):
                yield Row("crisislex_t26", "en", "none" if informativeness == "Not related" else field, text)


def phoenix_issues(data: Path) -> Iterator[Row]:
    rules: dict[str, list[Rule]] = {}
    for row in _rules("phoenix_issues.tsv"):
        rules.setdefault(row["issue"], []).append(_rule(row))
    for line in (data / PETRARCH / "Phoenix.IssueCoding.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "~#<":
            continue
        match = _ISSUE.match(line)
        if match is None:
            continue
        field = best_field(rules.get(match.group(2), []))
        if field is not None:
            yield Row("phoenix_issues", "en", field, clean_phrase(match.group(1)))


# Discard phrases that name a security matter after all (disease outbreaks, accidents, storms, wars): Phoenix
# discards them as off its event ontology, but they are public safety, biosecurity or ecology here.
_SECURITY_DISCARD = re.compile(
    r"influenza|fever|flu\b|accident|storm|hurricane|typhoon|\bwar\b|epidemic|virus", re.I
)


def phoenix_discards(data: Path) -> Iterator[Row]:
    for line in (data / PETRARCH / "Phoenix.discards.txt").read_text(encoding="utf-8").splitlines():
        phrase = line.split("#", 1)[0].strip().lstrip("+")
        if re.search(r"[A-Za-z]", phrase) and not _SECURITY_DISCARD.search(phrase.lower()):
            yield Row("phoenix_discards", "en", "none", clean_phrase(phrase))


class ThemeNamer:
    """Readable GKG theme names: prefixes dropped, lower case, run-together words split where obvious."""

    def __init__(self, themes: Iterable[str]) -> None:
        counts = Counter(word for theme in themes for word in theme.lower().split("_") if word.isalpha())
        self.words = {word for word, n in counts.items() if n >= 3 and len(word) >= 2}

    def split(self, word: str) -> str:
        if word in self.words or len(word) < 8 or not word.isalpha():
            return word
        # Fewest pieces, each a word of the theme vocabulary (two-letter pieces only 'of', 'in', 'on' ...).
        best: list[list[str] | None] = [[]] + [None] * len(word)
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 20), end):
                piece, head = word[start:end], best[start]
                if head is None or piece not in self.words or (len(piece) < 3 and piece not in _SHORT):
                    continue
                if best[end] is None or len(head) + 1 < len(best[end] or []):
                    best[end] = [*head, piece]
        pieces = best[len(word)]
        return " ".join(pieces) if pieces else word

    def __call__(self, theme: str) -> str:
        name = _THEME_PREFIXES.sub("", theme)
        name = _THEME_PREFIXES.sub("", name) or name  # CRISISLEX_C03_..., TAX_FNCACT_...
        return " ".join(self.split(word) for word in name.lower().split("_") if word)


_SHORT = {"of", "in", "on", "to", "by", "at", "up", "un", "us", "ai", "it"}


def gkg_themes(data: Path) -> Iterator[Row]:
    exact: dict[str, list[Rule]] = {}
    prefixes: dict[str, list[Rule]] = {}
    for row in _rules("gkg_themes.tsv"):
        theme = row["theme"]
        target = prefixes if theme.endswith("*") else exact
        target.setdefault(theme.rstrip("*"), []).append(_rule(row))
    lookup: list[tuple[str, int]] = []
    for line in (data / GKG_LOOKUP).read_text(encoding="utf-8").splitlines():
        name, _, number = line.partition("\t")
        if name.strip() and number.strip().isdigit():
            lookup.append((name.strip(), int(number)))
    namer = ThemeNamer(theme for theme, _ in lookup)
    for theme, rules in exact.items():
        field = best_field(rules)
        if field is not None:
            yield Row("gkg_themes", "en", field, namer(theme))
    by_prefix: dict[str, list[tuple[str, int]]] = {}
    for theme, count in lookup:
        if theme in exact:
            continue
        matches = [prefix for prefix in prefixes if theme.startswith(prefix)]
        if matches:
            by_prefix.setdefault(max(matches, key=len), []).append((theme, count))
    for prefix in sorted(by_prefix):
        field = best_field(prefixes[prefix])
        if field is None:
            continue
        for theme, _ in sorted(by_prefix[prefix], key=lambda item: (-item[1], item[0]))[:GKG_PREFIX_CAP]:
            yield Row("gkg_themes", "en", field, namer(theme))


def cameo(data: Path) -> Iterator[Row]:
    rules = cameo_fields()
    for row in csv_rows(data / CAMEO_CODES):
        field = cameo_field(row["code"].strip(), rules)
        if field is None:
            continue
        for column in ("name", "description", "example"):
            # Examples carry the codebook's coding notes after "Note:"; the text is the lead alone.
            text = fix_mojibake(row[column]).split(" Note:", 1)[0].strip()
            if text and text != "NA":
                yield Row("cameo", "en", field, text)


def petrarch_unittest(data: Path) -> Iterator[Row]:
    rules = cameo_fields()
    tree = ET.parse(data / PETRARCH / "PETR.UnitTest.records.xml")
    for sentence in tree.getroot().iter("Sentence"):
        codes = [coding.get("eventcode") for coding in sentence.iter("EventCoding")]
        code = next((code for code in codes if code), None)
        text = sentence.findtext("Text") or ""
        field = cameo_field(code, rules) if code else None
        if field is not None:
            yield Row("petrarch_unittest", "en", field, text)


def ngec_plover(data: Path) -> Iterator[Row]:
    rules: dict[tuple[str, str], list[Rule]] = {}
    for row in _rules("plover.tsv"):
        key = (row["attribute"], row["value"].lower().replace(" ", "_"))
        rules.setdefault(key, []).append(_rule(row))
    for row in csv_rows(data / NGEC):
        event = rules.get(("type", row["event"].strip().lower()), [])
        mode = rules.get(("mode", row["mode"].strip().lower().replace(" ", "_")), [])
        for text, field in (
            (row["event_def"], best_field(event)),
            (row["mode_def"], best_field(event + mode)),
        ):
            if field is not None:
                yield Row("ngec_plover", "en", field, text)


TRAINING = {
    "cameo": cameo,
    "crisislex_t26": crisislex_t26,
    "gkg_themes": gkg_themes,
    "ngec_plover": ngec_plover,
    "petrarch_unittest": petrarch_unittest,
    "phoenix_discards": phoenix_discards,
    "phoenix_issues": phoenix_issues,
    "thucnews": thucnews,
}


# --- held-out sources ----------------------------------------------------------------------------------


def nlpcc2017(data: Path) -> Iterator[Row]:
    for line in (data / NLPCC).read_text(encoding="utf-8").splitlines():
        label, _, words = line.partition("\t")
        if label in NLPCC_LABELS:
            yield Row("nlpcc2017", "zh", NLPCC_LABELS[label], join_cjk(words))


def crisislex_t6(data: Path) -> Iterator[Row]:
    by_label: dict[str, list[Row]] = {}
    for path in sorted((data / CRISISLEX / "CrisisLexT6").glob("*/*.csv")):
        field = crisis_field(path.parent.name)
        reader = csv.reader(read_text(path).splitlines(keepends=True))
        next(reader)
        for cells in reader:
            text = clean_tweet(cells[1])
            if len(text) >= MIN_TWEET_CHARS and english(text):
                label = "none" if cells[2].strip() == "off-topic" else field
                by_label.setdefault(label, []).append(Row("crisislex_t6", "en", label, text))
    for label in sorted(by_label):
        yield from every_kth(unique(by_label[label]), CRISISLEX_T6_CAP)


def climate_cove350(data: Path) -> Iterator[Row]:
    for row in csv_rows(data / CRISISLEX / "ClimateCovE350" / "covered_climate_events.csv"):
        related = row["Relatedness (authors)"].strip()
        label = {"yes": "ecological", "no": "none"}.get(related.split(" ", 1)[0])
        if label is not None:  # 'borderline (weakly related ...)' is left out
            yield Row("climate_cove350", "en", label, row["Event"])


def plover_gsr(data: Path) -> Iterator[Row]:
    for record in json.loads(read_text(data / PLOVER_GSR)):
        context = record.get("context") or ""
        names = context if isinstance(context, list) else str(context).split(",")
        keys = [name.strip().lower() for name in names]
        fields = [GSR_CONTEXTS[key] for key in keys if key in GSR_CONTEXTS]
        text = record.get("text") or ""
        if fields and text.strip():
            yield Row("plover_gsr", "en", fields[0], text)


def india_police(data: Path) -> Iterator[Row]:
    rows = [
        Row("india_police", "en", "social", row["sent_text"])
        for row in csv_rows(data / INDIA_POLICE)
        if any(row[name].strip() == "1" for name in ("KILL", "ARREST", "FORCE", "ANY_ACTION"))
    ]
    yield from every_kth(unique(rows), INDIA_POLICE_CAP)


def conflibert(data: Path) -> Iterator[Row]:
    for line in (data / CONFLIBERT).read_text(encoding="utf-8").splitlines():
        text, _, _label = line.rpartition("\t")
        yield Row("conflibert", "en", "security", text)


HELDOUT = {
    "climate_cove350": climate_cove350,
    "conflibert": conflibert,
    "crisislex_t6": crisislex_t6,
    "india_police": india_police,
    "nlpcc2017": nlpcc2017,
    "plover_gsr": plover_gsr,
}


# --- output --------------------------------------------------------------------------------------------


def unique(rows: Iterable[Row]) -> list[Row]:
    """Rows on one line, without empty texts or repeated (lang, text) pairs (the first one stays)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in rows:
        text = one_line(row.text)
        if text and (row.lang, text) not in seen:
            seen.add((row.lang, text))
            kept.append(Row(row.source, row.lang, row.label, text))
    return kept


def tsv(rows: Iterable[Row]) -> bytes:
    lines = ["\t".join(HEADER)] + ["\t".join((r.source, r.lang, r.label, r.text)) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def count_table(rows: list[Row]) -> str:
    counts = Counter((row.source, row.label) for row in rows)
    sources = sorted({row.source for row in rows})
    labels = sorted({row.label for row in rows})
    width = max(len(label) for label in [*labels, "label"])
    out = [f"{'label':<{width}} " + " ".join(f"{source[:12]:>12}" for source in sources) + f" {'total':>7}"]
    for label in labels:
        cells = " ".join(f"{counts[(source, label)]:>12}" for source in sources)
        out.append(f"{label:<{width}} {cells} {sum(counts[(s, label)] for s in sources):>7}")
    totals = " ".join(f"{sum(counts[(source, label)] for label in labels):>12}" for source in sources)
    out.append(f"{'total':<{width}} {totals} {len(rows):>7}")
    return "\n".join(out)


def build(data: Path, out: Path) -> list[Row]:
    rows = unique(row for name in sorted(TRAINING) for row in TRAINING[name](data))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gzip.compress(tsv(rows), compresslevel=9, mtime=0))
    return rows


def heldout(data: Path, out: Path) -> dict[str, list[Row]]:
    out.mkdir(parents=True, exist_ok=True)
    sets = {}
    for name in sorted(HELDOUT):
        rows = unique(HELDOUT[name](data))
        (out / f"{name}.tsv").write_bytes(tsv(rows))
        sets[name] = rows
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", nargs="?", choices=("build", "heldout"), default="build")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, help="corpus file (build) or folder (heldout)")
    args = parser.parse_args()
    if not (args.data / TEXT).is_dir():
        sys.exit(f"no data folder at {args.data}")
    if args.command == "build":
        out = args.out or ROOT / "training" / "text" / "corpus.tsv.gz"
        rows = build(args.data, out)
        sys.stdout.write(f"{out}: {len(rows)} rows, {out.stat().st_size} bytes\n{count_table(rows)}\n")
    else:
        if args.out is None:
            parser.error("heldout needs --out DIR")
        sets = heldout(args.data, args.out)
        sys.stdout.write(count_table([row for rows in sets.values() for row in rows]) + "\n")


if __name__ == "__main__":
    main()
