"""Reading text: a bilingual (English and Chinese) classifier of security fields for headlines, paragraphs
and URL slugs, shipped as package data and trained reproducibly (``scripts/train_classifier.py``).

>>> from holosec.text import load_model
>>> load_model().classify(["台风登陆广东 数十万人紧急转移"])[0].top
'ecological'
"""

from holosec.text.features import features, is_url, text_of
from holosec.text.model import MAX_CHARS, NONE, Model, TextResult, load_model, read_model, save_model

__all__ = [
    "MAX_CHARS",
    "NONE",
    "Model",
    "TextResult",
    "features",
    "is_url",
    "load_model",
    "read_model",
    "save_model",
    "text_of",
]
