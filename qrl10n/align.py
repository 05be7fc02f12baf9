"""Align a translated document with its English source, block by block or cue by cue.

po4a-gettextize pairs the n-th block of the translation with the n-th block of the original
and gives up at the first structural difference. Real translations made outside a PO workflow
drop a paragraph, add a translator's note, merge two list items. So blocks are aligned
globally (Needleman-Wunsch): every pair of blocks gets a score from what survives translation
—the kind of block (and heading level), the link targets, numbers and inline code it holds,
its markup (``**``, ``[``, `````), and its length relative to the document's overall
translated/English length ratio—and a gap (a block with no counterpart) costs a fixed amount.
Anchors are never crossed: skeleton both documents share (code, HTML blocks, rules: the caller
passes them as boundaries), a block identical on both sides, and a number found in one block
only on each side cut the lists into stretches aligned one by one, so a paragraph only the
translation has can never be paired with one it lacks on the other side of an anchor.
The best-scoring path resynchronises after a missing or extra block on its own; the stretches
where it could not pair blocks confidently are reported as lost regions, with line numbers on
both sides, so a reviewer knows where to look.

Subtitles have times instead of structure: each translated cue goes to the English segment
whose time span overlaps it most.

Pure functions over Segment lists: no files, no PO, so they are easy to test and reuse.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .formats import inline
from .model import Segment

#: Cost of leaving a block without a counterpart (each side counts once).
GAP = -1.0
#: A pair scoring below this is not trusted: it is reported, not imported.
ACCEPT = 0.0
#: Score parts (see ``score``). Anchors (links, numbers, code) are the strongest evidence.
KIND_SAME, KIND_LEVEL, KIND_OTHER = 1.5, 0.0, -2.0
ANCHORS = 2.5
MARKUP = 1.0
LENGTH = 1.5
IDENTICAL = 2.0

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![\w])")


@dataclass(frozen=True, slots=True)
class Pair:
    """One step of an alignment: indices into the English and translated lists (None: a gap)."""

    source: int | None
    target: int | None
    score: float = 0.0
    accepted: bool = False


@dataclass(frozen=True, slots=True)
class LostRegion:
    """A stretch where blocks could not be paired: English and translated lines, first to last.

    A side with no block in the region gives the lines of its neighbours instead (``between``).
    """

    source_lines: tuple[int, int]
    target_lines: tuple[int, int]
    source_blocks: int
    target_blocks: int


# -- scoring --------------------------------------------------------------------------------
def anchors(text: str) -> Counter[str]:
    """What a translator normally keeps: link targets, URLs, numbers, inline code, Liquid tags."""
    found: Counter[str] = Counter()
    prose: list[str] = []
    for node in inline.walk(inline.parse(text)):
        if isinstance(node, inline.Link) and node.destination:
            found["url:" + node.destination.rstrip("/")] += 1
        elif isinstance(node, (inline.Autolink, inline.Url)):
            url = node.target if isinstance(node, inline.Autolink) else node.raw
            found["url:" + url.rstrip("/")] += 1
        elif isinstance(node, inline.Placeholder) and node.raw.startswith(("{{", "{%")):
            found["liquid:" + re.sub(r"\s+", "", node.raw)] += 1
        elif isinstance(node, inline.Code):
            found["code:" + node.content.strip()] += 1
        elif isinstance(node, inline.Text):
            prose.append(node.raw)
    found.update("num:" + n for n in _NUMBER.findall(" ".join(prose)))
    return found


def markup(text: str) -> tuple[int, int, int]:
    """Strong-emphasis markers, links and code-span backticks, as the inline scanner sees them."""
    nodes = list(inline.walk(inline.parse(text)))
    strong = sum(2 for n in nodes if isinstance(n, inline.Emphasis) and n.strong)
    links = sum(1 for n in nodes if isinstance(n, inline.Link))
    code = sum(2 for n in nodes if isinstance(n, inline.Code))
    return (strong, links, code)


def length_ratio(source: Sequence[Segment], target: Sequence[Segment]) -> float:
    """Translated/English length over the whole document: what a typical pair looks like."""
    a = sum(len(s.text) for s in source)
    b = sum(len(t.text) for t in target)
    return (b / a) if a and b else 1.0


@dataclass(frozen=True, slots=True)
class Features:
    """What the score looks at in one block, computed once per block."""

    kind: str
    anchors: Counter
    markup: tuple[int, int, int]
    length: int
    squashed: str


def features(segment: Segment) -> Features:
    return Features(segment.kind, anchors(segment.text), markup(segment.text), len(segment.text),
                    _squash(segment.text))


def score(source: Segment, target: Segment, ratio: float = 1.0) -> float:
    """How likely ``target`` is the translation of ``source`` (about -7 to +7; >= ACCEPT: trusted)."""
    return sum(score_parts(features(source), features(target), ratio).values())


def score_parts(a: Features, b: Features, ratio: float = 1.0) -> dict[str, float]:
    """The score's parts by name, so a rejected pair can say why."""
    parts: dict[str, float] = {}
    if a.kind == b.kind:
        parts["kind"] = KIND_SAME
    elif a.kind.startswith("heading") and b.kind.startswith("heading"):
        parts["kind"] = KIND_LEVEL
    else:
        parts["kind"] = KIND_OTHER
    if a.anchors or b.anchors:
        common, total = sum((a.anchors & b.anchors).values()), sum((a.anchors | b.anchors).values())
        parts["links, numbers and code"] = ANCHORS * (2 * common / total - 1)
    if any(a.markup) or any(b.markup):
        parts["markup"] = -MARKUP * sum(abs(x - y) for x, y in zip(a.markup, b.markup)) / (sum(a.markup) + sum(b.markup))
    relative = (b.length + 8) / (a.length + 8) / ratio
    parts["length"] = 0.5 - LENGTH * abs(math.log(relative))
    if a.squashed == b.squashed:
        parts["identical"] = IDENTICAL
    return parts


def why_not(source: Segment, target: Segment, ratio: float = 1.0) -> str:
    """The one or two parts that pulled a rejected pair's score down, in words."""
    parts = score_parts(features(source), features(target), ratio)
    bad = sorted((v, k) for k, v in parts.items() if v < 0)[:2]
    words = {
        "kind": f"a {source.kind} against a {target.kind}",
        "links, numbers and code": "different links, numbers or code",
        "markup": "different markup",
        "length": "very different lengths",
    }
    return "; ".join(words[k] for _, k in bad) or "low similarity"


# -- block alignment ------------------------------------------------------------------------
def align(source: Sequence[Segment], target: Sequence[Segment], *, gap: float = GAP,
          fixed: Sequence[tuple[int, int]] = ()) -> list[Pair]:
    """The best global alignment of the two block lists (Needleman-Wunsch), in document order,
    that crosses no anchor.

    Anchors cut both lists into stretches aligned one by one, so no pair reaches across them:
    ``fixed`` boundaries (``(i, j)``: source[:i] goes with target[:j] only), given by the caller
    for skeleton both documents share (code, HTML blocks, rules), and pairs of blocks found
    here (``anchor_pairs``): a text identical on both sides, or a number that occurs in one
    block on each side. Deterministic: on equal scores a pair is preferred to a gap, and an
    English gap to a translated one.
    """
    ratio = length_ratio(source, target)
    fa, fb = [features(s) for s in source], [features(t) for t in target]
    cuts = _cuts(fa, fb, fixed)
    pairs: list[Pair] = []
    for (i0, j0), (i1, j1) in zip(cuts, cuts[1:]):
        pairs.extend(_needleman_wunsch(fa, fb, (i0, i1), (j0, j1), ratio, gap))
    return _trust(pairs, source, target)


def _needleman_wunsch(fa: Sequence[Features], fb: Sequence[Features], rows: tuple[int, int],
                      columns: tuple[int, int], ratio: float, gap: float) -> list[Pair]:
    """The best alignment of fa[rows] with fb[columns] (half-open index ranges)."""
    (i0, i1), (j0, j1) = rows, columns
    n, m = i1 - i0, j1 - j0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    pair_score: dict[tuple[int, int], float] = {}
    for i in range(1, n + 1):
        best[i][0], move[i][0] = best[i - 1][0] + gap, "s"
    for j in range(1, m + 1):
        best[0][j], move[0][j] = best[0][j - 1] + gap, "t"
    for i in range(1, n + 1):
        row, above = best[i], best[i - 1]
        for j in range(1, m + 1):
            value = sum(score_parts(fa[i0 + i - 1], fb[j0 + j - 1], ratio).values())
            pair_score[(i - 1, j - 1)] = value
            options = ((above[j - 1] + value, "p"), (above[j] + gap, "s"), (row[j - 1] + gap, "t"))
            row[j], move[i][j] = max(options, key=lambda o: o[0])
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == "p":
            pairs.append(Pair(i0 + i - 1, j0 + j - 1, pair_score[(i - 1, j - 1)]))
            i, j = i - 1, j - 1
        elif step == "s":
            pairs.append(Pair(i0 + i - 1, None))
            i -= 1
        else:
            pairs.append(Pair(None, j0 + j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def _cuts(fa: Sequence[Features], fb: Sequence[Features],
          fixed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the stretches begin and end: (0, 0), the fixed boundaries, each anchor pair's two
    edges, (n, m); sorted, and every one compatible with every other."""
    n, m = len(fa), len(fb)
    bounds = {(0, 0), (n, m), *((i, j) for i, j in fixed if 0 <= i <= n and 0 <= j <= m)}
    bounds = set(_chain(sorted(bounds), strict=False))
    for i, j in anchor_pairs(fa, fb):
        if all((i < bi) == (j < bj) for bi, bj in bounds):
            bounds |= {(i, j), (i + 1, j + 1)}
    return sorted(bounds)


def anchor_pairs(fa: Sequence[Features], fb: Sequence[Features]) -> list[tuple[int, int]]:
    """Pairs of blocks that must go together, in order and never crossing: a text that occurs
    once on each side, identical, and a number that occurs in one block only on each side,
    in blocks of the same kind."""
    candidates = _unique_matches([f.squashed for f in fa], [f.squashed for f in fb])
    numbers_a, numbers_b = _blocks_by_number(fa), _blocks_by_number(fb)
    for number, found_a in numbers_a.items():
        found_b = numbers_b.get(number, ())
        if len(found_a) == len(found_b) == 1 and fa[found_a[0]].kind == fb[found_b[0]].kind:
            candidates.add((found_a[0], found_b[0]))
    return _chain(sorted(candidates))


def common_blocks(source: Sequence[str], target: Sequence[str]) -> list[tuple[int, int]]:
    """The longest run of equal items the two lists share in order, as index pairs: which
    skeleton blocks of a translated page are the English page's own."""
    n, m = len(source), len(target)
    longest = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            longest[i][j] = (longest[i + 1][j + 1] + 1 if source[i] == target[j]
                             else max(longest[i + 1][j], longest[i][j + 1]))
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if source[i] == target[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _unique_matches(a: Sequence[str], b: Sequence[str]) -> set[tuple[int, int]]:
    count_a, count_b = Counter(a), Counter(b)
    where_b = {text: j for j, text in enumerate(b)}
    return {(i, where_b[text]) for i, text in enumerate(a)
            if text and count_a[text] == 1 and count_b[text] == 1}


def _blocks_by_number(blocks: Sequence[Features]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        for key in block.anchors:
            if key.startswith("num:"):
                found.setdefault(key, []).append(index)
    return {key: tuple(indices) for key, indices in found.items()}


def _chain(pairs: Sequence[tuple[int, int]], *, strict: bool = True) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted) increasing in both indices (``strict``) or
    never decreasing: anchors that contradict more of the others are dropped."""
    if not pairs:
        return []
    length, previous = [1] * len(pairs), [-1] * len(pairs)
    for k, (i, j) in enumerate(pairs):
        for h, (hi, hj) in enumerate(pairs[:k]):
            follows = (hi < i and hj < j) if strict else (hi <= i and hj <= j)
            if follows and length[h] + 1 > length[k]:
                length[k], previous[k] = length[h] + 1, h
    k = max(range(len(pairs)), key=lambda x: (length[x], -x))
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _trust(pairs: list[Pair], source: Sequence[Segment], target: Sequence[Segment]) -> list[Pair]:
    """Accept pairs scoring at least ACCEPT, and a weaker pair of blocks of the same kind that
    sits alone between two accepted pairs (or a document edge): position then vouches for it,
    as when a translator translated a code span or dropped a link."""
    ok = [p.source is not None and p.target is not None and p.score >= ACCEPT for p in pairs]
    result = []
    for index, pair in enumerate(pairs):
        accepted = ok[index]
        if not accepted and pair.source is not None and pair.target is not None:
            before = index == 0 or ok[index - 1]
            after = index == len(pairs) - 1 or ok[index + 1]
            accepted = before and after and source[pair.source].kind == target[pair.target].kind
        result.append(Pair(pair.source, pair.target, pair.score, accepted))
    return result


def lost_regions(pairs: Sequence[Pair], source: Sequence[Segment], target: Sequence[Segment]) -> list[LostRegion]:
    """Maximal runs of gaps and untrusted pairs, located by line on both sides."""
    regions: list[LostRegion] = []
    start = None
    for index, pair in enumerate([*pairs, None]):
        if pair is not None and not pair.accepted:
            start = index if start is None else start
        elif start is not None:
            regions.append(_region(pairs, start, index, source, target))
            start = None
    return regions


def _region(pairs: Sequence[Pair], start: int, end: int, source: Sequence[Segment],
            target: Sequence[Segment]) -> LostRegion:
    """The lines of pairs[start:end]; a side with no block there gets its neighbours' lines."""
    def lines(side: str, blocks: Sequence[Segment]) -> tuple[tuple[int, int], int]:
        inside = [blocks[i].line for p in pairs[start:end] if (i := getattr(p, side)) is not None]
        if inside:
            return (min(inside), max(inside)), len(inside)
        before = [blocks[i].line for p in pairs[:start] if (i := getattr(p, side)) is not None]
        after = [blocks[i].line for p in pairs[end:] if (i := getattr(p, side)) is not None]
        low = max(before, default=0)
        return (low, min(after, default=low + 1)), 0
    (s_lines, s_count), (t_lines, t_count) = lines("source", source), lines("target", target)
    return LostRegion(s_lines, t_lines, s_count, t_count)


def _squash(text: str) -> str:
    return " ".join(text.split())


# -- subtitle alignment ---------------------------------------------------------------------
def assign_by_overlap(spans: Sequence[tuple[float, float]], cues: Sequence[tuple[float, float]]) -> list[int | None]:
    """For each translated cue (start, end), the index of the English span overlapping it most.

    None when it overlaps no span. On equal overlap the earlier span wins.
    """
    result: list[int | None] = []
    for start, end in cues:
        best, best_overlap = None, 0.0
        for index, (s_start, s_end) in enumerate(spans):
            overlap = min(end, s_end) - max(start, s_start)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        result.append(best)
    return result
