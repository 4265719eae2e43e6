"""Structure: options, letters, lines and tag positions a translation must keep.

Multiple-choice questions ("A. red\nB. blue"), numbered steps and multi-turn
answers are lists a model learns from; a translation that merges two lines or
drops an option letter teaches it to break them. Placeholders and numbers as a
multiset are ``heuristics.py``'s; this checks their layout: the same number of
non-empty lines, the same option markers in the same order at line starts, and
``<image>``-style tags at the same end of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babelshard.filters import reasons
from babelshard.filters.heuristics import PLACEHOLDER_RE, may_have_placeholders
from babelshard.schemas.records import TranslatedSegment, Verdict

# "A." "B)" "(c)" "1." "2)" "-" "*" "•" at the start of a line.
_MARKER_RE = re.compile(r"^\s*(\(?[A-Za-z0-9]{1,2}[.)]|[-*•])\s", re.M)


def strip_marker(line: str) -> str:
    """``line`` without its option or list marker."""
    if "\n" not in line and _MARKER_RE.match(line) is None:
        return line  # the marker can only start the line: most lines have none
    return _MARKER_RE.sub("", line, count=1)


@lru_cache(maxsize=8192)
def lines(text: str) -> int:
    """Number of non-empty lines (cached: the source side repeats)."""
    return sum(1 for line in text.splitlines() if line.strip())


def markers(text: str) -> list[str]:
    """Option and list markers at line starts, in order."""
    return [m.group(1) for m in _MARKER_RE.finditer(text)]


@lru_cache(maxsize=8192)
def edge_tags(text: str) -> tuple[str, str]:
    """The placeholder the text starts with and the one it ends with ("" if none; cached)."""
    if not may_have_placeholders(text):
        return "", ""
    stripped = text.strip()
    first = PLACEHOLDER_RE.match(stripped)
    last = [m for m in PLACEHOLDER_RE.finditer(stripped) if m.end() == len(stripped)]
    return (first.group(0) if first else "", last[0].group(0) if last else "")


def check_structure(segment: TranslatedSegment) -> Verdict:
    """Reject a hypothesis whose lines, markers or edge tags differ from the source's.

    A single-line source has no structure to lose and is checked for its edge
    tags only.
    """
    src_lines, hyp_lines = lines(segment.source), lines(segment.hypothesis)
    same_edges = edge_tags(segment.source) == edge_tags(segment.hypothesis)
    accepted = same_edges and (
        src_lines <= 1
        or (src_lines == hyp_lines and markers(segment.source) == markers(segment.hypothesis))
    )
    return Verdict(
        accepted=accepted,
        scores={"lines_src": float(src_lines), "lines_hyp": float(hyp_lines)},
        reasons=() if accepted else (reasons.STRUCTURE_MISMATCH,),
    )
