"""Find the body sentence a pull quote repeats.

Web layouts repeat a sentence of the body as a display line, often trimmed or lightly
reworded ("aimed to" → "aim to") and far from its source. We compare word sequences,
not characters, so that punctuation and curly quotes do not matter.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Sentences end at . ! ? (optionally followed by a closing quote or a note call).
_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"']?(?:\[\d+\])*\s+(?=[A-Z“‘\"'(\[])")

MIN_WORDS = 5  # shorter lines are headings, not quotes
MAX_WORDS = 40  # longer lines are paragraphs
THRESHOLD = 0.8  # share of the quote's words found, in order, in one sentence


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text.replace("’", "").replace("'", ""))]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def is_candidate(text: str, has_calls: bool) -> bool:
    """Could this block be a pull quote? One sentence of 5–40 words, with no note call.

    Such a block is never taken as a quote's *source*, so that two near-identical short
    lines cannot claim each other.
    """
    n = len(words(text))
    return not has_calls and MIN_WORDS <= n <= MAX_WORDS and len(sentences(text)) == 1


def similarity(quote: list[str], sentence: list[str]) -> float:
    """Share of the quote's words that appear, in order, in the sentence."""
    if not quote:
        return 0.0
    matcher = SequenceMatcher(None, quote, sentence, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(quote)


def find_source(quote: str, paragraphs: list[tuple[str, str]]) -> tuple[str, float] | None:
    """Best (paragraph id, score) whose sentence the quote repeats, or None.

    `paragraphs` are (id, plain text) pairs in reading order.
    """
    qwords = words(quote)
    if len(qwords) < MIN_WORDS:
        return None
    best: tuple[str, float] | None = None
    counts = Counter(qwords)
    qset = frozenset(counts)
    needed = THRESHOLD * len(qwords)
    repeats = len(qwords) - len(qset)  # words the quote says more than once
    for pid, text in paragraphs:
        for swords, present in _sentence_words(text):
            # A quote is a sentence or a trimmed sentence: never much longer than its source.
            if len(swords) * 1.5 < len(qwords):
                continue
            # The quote's words found in the sentence at all bound those found in order: a
            # sentence that cannot reach the threshold skips the (costly) sequence match.
            # Counted by a set intersection; the distinct words found plus every repeat
            # bound that count from above, so most sentences are let go without summing.
            found = qset & present
            if len(found) + repeats < needed or sum(counts[w] for w in found) < needed:
                continue
            score = similarity(qwords, list(swords))
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = (pid, score)
    return best


@lru_cache(maxsize=4096)
def _sentence_words(text: str) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """A paragraph's sentences as words (and their set), read once for all the quotes."""
    out = []
    for sentence in sentences(text):
        swords = tuple(words(sentence))
        out.append((swords, frozenset(swords)))
    return tuple(out)
