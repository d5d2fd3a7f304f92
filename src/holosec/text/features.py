"""What the text classifier sees of a text: normalised words, Chinese characters and the field terms in it.

A text is a headline, a paragraph or a URL (whose path is read as a headline: GDELT's source URLs mostly end
in one, ``chinese-survey-ship-leaves-vietnam-waters``). It is normalised (NFKC, lower case) and cut into:

- ``w:word`` and ``b:word_word``: Latin-script words (letters and digits, two or more characters, not all
  digits) and pairs of neighbouring words;
- ``c:字`` and ``c:字字``: Chinese characters and pairs of neighbouring characters (no segmenter: character
  pairs carry most of a Chinese headline's meaning, and cost nothing to compute);
- ``t:term``: a term of the bilingual term list (``taxonomy/data/terms.toml``) found in the text, English
  terms as whole word sequences, Chinese terms as substrings; and ``f:field`` once for each field whose terms
  were found.

>>> terms = Terms({"nuclear test": "nuclear", "核试验": "nuclear"})
>>> sorted(features("North Korea's nuclear test", terms))  # doctest: +NORMALIZE_WHITESPACE
['b:north_korea', 'b:nuclear_test', 'f:nuclear', 't:nuclear test', 'w:korea', 'w:north', 'w:nuclear',
 'w:test']
>>> sorted(features("朝鲜核试验", terms))  # doctest: +NORMALIZE_WHITESPACE
['c:朝', 'c:朝鲜', 'c:核', 'c:核试', 'c:试', 'c:试验', 'c:验', 'c:鲜', 'c:鲜核', 'f:nuclear', 't:核试验']
>>> text_of("https://www.example.com/news/2014/05/chinese-survey-ship-leaves-vietnam-waters.html?id=3")
'chinese survey ship leaves vietnam waters'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import unquote

# Han ideographs (CJK unified, extension A, compatibility).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Path pieces of a URL that say nothing about the story: file endings, language folders and the generic
# section names of news sites ("news", "local", "national"; topical sections such as "sport" are kept).
_URL_NOISE = frozenset(
    {
        "html", "htm", "shtml", "php", "aspx", "asp", "jsp", "cms", "ece", "amp", "index", "article",
        "articles", "story", "stories", "content", "default", "en", "zh", "cn", "www", "id", "p", "a",
        "s", "news", "local", "national", "world", "home", "headlines", "latest", "breaking", "blog",
        "blogs", "post", "posts", "page", "pages", "item", "items", "detail", "details", "view", "print",
    }
)  # fmt: skip
_URL_SPLIT = re.compile(r"[\W_]+")
_NAMED_NUMBER = re.compile(r"^(?:[a-z]{1,6}\d{1,2}|\d[a-z])$")


class Terms:
    """The term list as the classifier matches it: English word sequences (keyed ``word_word``) and Chinese
    strings -> field."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.en: dict[str, str] = {}
        self.zh: dict[str, str] = {}
        longest = 1
        for term, field in terms.items():
            key = normalise(term)
            if _IS_CJK.search(key):
                self.zh[key.replace(" ", "")] = field
            else:
                words = _TOKENS.findall(key)
                self.en["_".join(words)] = field
                longest = max(longest, len(words))
        self.zh_lengths = sorted({len(k) for k in self.zh}, reverse=True)
        self.en_longest = longest

    def __len__(self) -> int:
        return len(self.en) + len(self.zh)


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).lower()


def is_url(text: str) -> bool:
    """Whether ``text`` is one URL (``http(s)://...`` or ``www....``, no spaces)."""
    return bool(_URL.match(text.strip()))


def _url_words(url: str) -> list[str]:
    """The words of a URL's path: host, query and fragment left out, ids and file endings dropped."""
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    path = rest[slash:] if slash >= 0 else ""
    for mark in "?#":
        path = path.split(mark, 1)[0]
    if "%" in path:
        path = unquote(path, errors="replace")
    return [w for w in _URL_SPLIT.split(normalise(path)) if w not in _URL_NOISE and _url_word(w)]


def _url_word(piece: str) -> bool:
    """A word, or a name with one or two digits (``g20``, ``covid19``, ``5g``); not an id (``idUSKBN1``,
    ``6a1d``) nor a number."""
    return piece.isalpha() or bool(_NAMED_NUMBER.match(piece))


def text_of(text: str) -> str:
    """The words a classifier reads in ``text``: a URL's path as words (host, query, ids and file endings
    left out), any other text as it is."""
    return " ".join(_url_words(text.strip())) if is_url(text) else text


def features(text: str, terms: Terms) -> set[str]:
    """The features of ``text`` (a URL is read through :func:`text_of`)."""
    if is_url(text):
        return _word_features(_url_words(text.strip()), terms, set())
    out: set[str] = set()
    words: list[str] = []
    for token in _TOKENS.findall(normalise(text)):
        if _IS_CJK.match(token):
            _word_features(words, terms, out)
            words = []
            out.update("c:" + char for char in token)
            out.update("c:" + token[i : i + 2] for i in range(len(token) - 1))
            _zh_terms(token, terms, out)
        elif len(token) < 2 or token.isdigit():
            _word_features(words, terms, out)
            words = []
        else:
            words.append(token)
    return _word_features(words, terms, out)


def _word_features(words: list[str], terms: Terms, out: set[str]) -> set[str]:
    """Add the features of a run of neighbouring words (their words, pairs and terms) to ``out``."""
    en = terms.en
    previous = older = ""
    for word in words:
        out.add("w:" + word)
        if word in en:
            out.add("t:" + word)
            out.add("f:" + en[word])
        if previous:
            pair = f"{previous}_{word}"
            out.add("b:" + pair)
            if pair in en:
                out.add("t:" + pair.replace("_", " "))
                out.add("f:" + en[pair])
            if older and (triple := f"{older}_{pair}") in en:
                out.add("t:" + triple.replace("_", " "))
                out.add("f:" + en[triple])
        older, previous = previous, word
    if terms.en_longest > 3:
        for length in range(4, terms.en_longest + 1):
            for start in range(len(words) - length + 1):
                key = "_".join(words[start : start + length])
                if key in en:
                    out.add("t:" + key.replace("_", " "))
                    out.add("f:" + en[key])
    return out


def _zh_terms(run: str, terms: Terms, out: set[str]) -> None:
    for length in terms.zh_lengths:
        for start in range(len(run) - length + 1):
            field = terms.zh.get(run[start : start + length])
            if field is not None:
                out.add("t:" + run[start : start + length])
                out.add("f:" + field)


def readable(feature: str) -> str:
    """A feature as a reader writes it: ``b:nuclear_test`` -> ``nuclear test``, ``c:核试`` -> ``核试``."""
    kind, _, value = feature.partition(":")
    return value.replace("_", " ") if kind == "b" else value
