"""Tags: reading a tags cell into tags, and the rule by which two tags are the same tag.

A cell is read in the form the tool that wrote it uses:
- Google Contacts' Labels: labels joined by " ::: "; Google's own system labels, which start
  with "* " ("* myContacts", "* starred"), are not the user's tags and are dropped;
- Mailchimp's TAGS: a CSV line inside the cell (`"Newsletter","Webinar: Q1 2026"`), so a
  quoted tag keeps its commas and loses its quotes;
- anything else: tags separated by commas, semicolons or pipes.

Tags compare casefolded (`tag_key`, the Unicode `str.casefold` that the store's `lt_fold`
applies in `--where 'tag = ...'` and `tag add/remove`): "VIP", "vip" and `"VIP"` are one
tag, and the first spelling a person got is the one kept.
"""

from __future__ import annotations

import csv
import re

GOOGLE_SEPARATOR = ":::"
GOOGLE_SYSTEM_PREFIX = "* "
_PLAIN_SPLIT = re.compile(r"[,;|]")
_SPACES = re.compile(r"\s+")
_WRAPPERS = (('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"), ("'", "'"), ("‘", "’"))
_DOUBLE_QUOTES = frozenset('"“”„«»')  # a lone one at an edge is stray (an apostrophe is not)


def split_tags(raw: str) -> list[str]:
    """The tags of one cell, tidied, each once ignoring case (first spelling kept)."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in _parts(raw):
        tag = tidy_tag(part)
        if tag is None or tag_key(tag) in seen:
            continue
        seen.add(tag_key(tag))
        tags.append(tag)
    return tags


def tag_key(tag: str) -> str:
    """What two tags are compared by: their casefolded text."""
    return tag.casefold()


def tidy_tag(raw: str) -> str | None:
    """Whitespace collapsed, quote marks at the edges removed; None for no tag.

    A Google system label ("* myContacts") is no tag.
    """
    tag = _unquoted(_SPACES.sub(" ", raw).strip())
    if not tag or tag.startswith(GOOGLE_SYSTEM_PREFIX):
        return None
    return tag


def _unquoted(tag: str) -> str:
    """Without quotes wrapping it whole or left alone at an edge; `Say "hi"` keeps its pair."""
    while tag:
        wrapped = any(tag[:1] == o and tag[-1:] == c and len(tag) > 1 for o, c in _WRAPPERS)
        if wrapped:
            tag = tag[1:-1].strip()
        elif tag[0] in _DOUBLE_QUOTES and not _paired(tag, 0):
            tag = tag[1:].strip()
        elif tag[-1] in _DOUBLE_QUOTES and not _paired(tag, len(tag) - 1):
            tag = tag[:-1].strip()
        else:
            return tag
    return tag


def _paired(tag: str, at: int) -> bool:
    """Whether the double quote at `at` (an edge) has its partner inside the tag."""
    rest = tag[1:] if at == 0 else tag[:-1]
    return any(q in rest for q in _DOUBLE_QUOTES)


def _parts(raw: str) -> list[str]:
    if GOOGLE_SEPARATOR in raw:
        return raw.split(GOOGLE_SEPARATOR)
    if '"' in raw:
        return _csv_line(raw)
    return _PLAIN_SPLIT.split(raw)


def _csv_line(raw: str) -> list[str]:
    """Mailchimp's form. Line breaks inside would end the csv line: read them as spaces."""
    line = _SPACES.sub(" ", raw).strip()
    return next(csv.reader([line], skipinitialspace=True), [])
