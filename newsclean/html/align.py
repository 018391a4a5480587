"""Which DOM text blocks trafilatura's body lines came from.

Both sides are reduced to casefolded ``\\w+`` tokens; blocks are then found
in the body's token stream greedily in page order (trafilatura keeps page
order). A short block (under three tokens) only matches right where the
stream is, so that a stray "Share" or a menu item elsewhere on the page cannot
claim a word of the story.
"""

from __future__ import annotations

from bisect import bisect_right

from ..lexicon.tokens import word_tokens

_SEP = "\x01"
#: How far (in characters of the token stream) a short block may be from the cursor.
SHORT_WINDOW = 120


class Alignment:
    """``block_line[i]``: the body line block ``i`` lies in (absent if not in the body);
    ``line_blocks[j]``: the blocks of body line ``j``.

    Two passes. Anchors first: blocks of five tokens or more whose text occurs
    exactly once in the body and once on the page, kept where they form an
    increasing sequence (the longest one). Then the other blocks, greedily in
    page order, each searched only between the anchors around it.
    """

    def __init__(self, lines: list[str], blocks) -> None:
        self.block_line: dict[int, int] = {}
        self.line_blocks: list[list[int]] = [[] for _ in lines]
        parts, starts, pos = [], [], 1
        stream_toks: list[str] = []
        for line in lines:
            toks = word_tokens(line.casefold())
            starts.append(pos)
            s = _SEP.join(toks) + _SEP if toks else ""
            parts.append(s)
            pos += len(s)
            stream_toks.extend(toks)
        stream = _SEP + "".join(parts)
        self._starts = starts
        needles = []
        counts: dict[str, int] = {}
        for b in blocks:
            toks = word_tokens(b.text.casefold())
            needle = _SEP + _SEP.join(toks) + _SEP if toks else ""
            needles.append((b.index, toks, needle))
            if len(toks) >= 5:
                counts[needle] = counts.get(needle, 0) + 1
        # pass 1: unique anchors
        index = _TokenIndex(stream_toks, stream)
        cands = []  # (block index, stream offset, needle)
        for i, toks, needle in needles:
            if len(toks) >= 5 and counts[needle] == 1:
                k = index.unique_offset(toks, needle)
                if k >= 0:
                    cands.append((i, k, needle))
        anchors = _increasing(cands)
        for i, k, _needle in anchors:
            self._claim(i, k)
        # pass 2: the rest, each between the anchors around it
        anchor_set = {i for i, _, _ in anchors}
        a, cursor = 0, 0
        for i, toks, needle in needles:
            n = len(toks)
            if not n:
                continue
            while a < len(anchors) and anchors[a][0] <= i:
                cursor = max(cursor, anchors[a][1] + len(anchors[a][2]) - 1)
                a += 1
            if i in anchor_set:
                continue
            end = anchors[a][1] + 1 if a < len(anchors) else len(stream)
            if n < 3:  # a short block counts only near the cursor: search no further
                end = min(end, cursor + SHORT_WINDOW + len(needle))
            k = stream.find(needle, cursor, end)
            if k < 0 or (n < 3 and k - cursor > SHORT_WINDOW):
                continue
            self._claim(i, k)
            cursor = k + len(needle) - 1

    def _claim(self, i: int, k: int) -> None:
        j = bisect_right(self._starts, k + 1) - 1
        self.block_line[i] = j
        self.line_blocks[j].append(i)

    def line_of(self, i: int) -> int | None:
        return self.block_line.get(i)


def _increasing(cands):
    """Longest subsequence of ``(block, offset, needle)`` with increasing offsets (patience sort)."""
    if not cands:
        return []
    tails, tails_k, prev = [], [], [None] * len(cands)
    for idx, (_, k, _) in enumerate(cands):
        p = bisect_right(tails_k, k)
        if p > 0 and tails_k[p - 1] == k:
            continue
        if p == len(tails):
            tails.append(idx)
            tails_k.append(k)
        else:
            tails[p] = idx
            tails_k[p] = k
        prev[idx] = tails[p - 1] if p > 0 else None
    out, idx = [], tails[-1]
    while idx is not None:
        out.append(cands[idx])
        idx = prev[idx]
    return out[::-1]


#: Tokens per key of :class:`_TokenIndex` (anchors have at least this many).
_GRAM = 5


#: Candidates of a lookup checked one by one at most; beyond, the stream is searched instead.
_MAX_CANDIDATES = 32


class _TokenIndex:
    """Where a token sequence occurs in the body's token stream, without scanning the stream.

    Anchors must occur exactly once in the stream; asking ``str.find`` twice per
    block costs the stream's length per block, which is quadratic on a long
    page. Instead every run of ``_GRAM`` tokens of the stream is indexed once;
    a sequence is looked up by its rarest run and each candidate checked, so a
    lookup costs about the sequence's length. A sequence made only of runs that
    recur all over the stream ("word word word ...") is searched in the stream
    as before, which costs the stream's length, not candidates times length.
    """

    def __init__(self, toks: list[str], stream: str) -> None:
        self._toks = toks
        self._stream = stream
        grams: dict[tuple, list[int]] = {}
        for p, gram in enumerate(zip(*(toks[j:] for j in range(_GRAM)), strict=False)):
            grams.setdefault(gram, []).append(p)
        self._grams = grams
        # offsets[p]: where the separator before token p sits in the stream (_SEP + tok + _SEP + ...)
        offsets, pos = [], 0
        for t in toks:
            offsets.append(pos)
            pos += len(t) + 1
        self._offsets = offsets

    def unique_offset(self, seq: list[str], needle: str) -> int:
        """The stream offset of ``seq`` (at least ``_GRAM`` tokens; ``needle`` as it is written in
        the stream) if it occurs exactly once, else -1."""
        n, toks, best_j = len(seq), self._toks, 0
        best: list[int] | None = None
        for j in range(n - _GRAM + 1):
            hits = self._grams.get(tuple(seq[j : j + _GRAM]))
            if hits is None:
                return -1
            if best is None or len(hits) < len(best):
                best, best_j = hits, j
                if len(hits) == 1:
                    break
        assert best is not None  # seq has at least _GRAM tokens (the caller's len(toks) >= 5): the loop ran
        if len(best) > _MAX_CANDIDATES:
            k = self._stream.find(needle)
            return k if k >= 0 and self._stream.find(needle, k + 1) < 0 else -1
        found = -1
        for q in best:
            p = q - best_j
            if p >= 0 and toks[p : p + n] == seq:
                if found >= 0:
                    return -1  # a second occurrence: not an anchor
                found = p
        return self._offsets[found] if found >= 0 else -1
