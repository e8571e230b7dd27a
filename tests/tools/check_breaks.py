#!/usr/bin/env python3
"""Check the line breaks in `pdftotext -raw` output against an independent
Thai dictionary segmenter (PyThaiNLP's newmm with its 62k-word dictionary).

A break between two Thai letters is wrong when it falls inside a newmm token
of the joined text and either side of the cut is not itself made of
dictionary words: that is a word split into non-words. Names the caller
protected (one per line in an optional file) count as words.

Usage: check_breaks.py TEXT_FILE [PHRASES_FILE [SOURCE_FILE]]; prints each bad
break and exits 1 if there is any. With SOURCE_FILE (the document's source
text), a break where the source has a space between the two words is not a
break inside a word (pdftotext drops the space at a line's end).
"""
import re
import sys

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize

THAI = re.compile(r"[\u0E01-\u0E4E]")
words = set(thai_words())
if len(sys.argv) > 2:
    words |= {l.strip() for l in open(sys.argv[2], encoding="utf-8") if l.strip()}


def made_of_words(s):
    if not s:
        return True
    return all(t in words or not THAI.search(t) for t in word_tokenize(s, engine="newmm", custom_dict=None))


source = open(sys.argv[3], encoding="utf-8").read() if len(sys.argv) > 3 else ""
# The source's text blocks (between tags), spaces squeezed and removed.
blocks = [re.sub(r"\s+", " ", b) for b in re.split(r"<[^>]+>", source)]
blocks_nospace = [b.replace(" ", "") for b in blocks]
source = "\n".join(blocks)

lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
bad = []
inside = 0  # breaks inside a newmm token (ความ|สัมพันธ์), acceptable or not
checked = 0
for a, b in zip(lines, lines[1:]):
    if not a or not b or not THAI.match(a[-1]) or not THAI.match(b[0]):
        continue
    left = re.split(r"[^\u0E01-\u0E4E]", a)[-1]
    right = re.split(r"[^\u0E01-\u0E4E]", b)[0]
    joined = left + right
    checked += 1
    if source:
        if left + " " + right in source and joined not in source:
            continue
        # Two lines of different blocks (table cells side by side): no break.
        if not any(joined in b for b in blocks_nospace):
            continue
    pos = 0
    for tok in word_tokenize(joined, engine="newmm"):
        start, end = pos, pos + len(tok)
        pos = end
        if start < len(left) < end:
            inside += 1
            l, r = tok[: len(left) - start], tok[len(left) - start :]
            if not (made_of_words(l) and made_of_words(r)):
                bad.append(f"{left}|{right}  (splits {tok!r} into {l!r} + {r!r})")
print(f"{checked} Thai-Thai line breaks checked, {len(bad)} split a word into non-words")
print(f"inside a word: {inside}")
for x in bad:
    print("  " + x)
sys.exit(1 if bad else 0)
