"""Find characters that are far less likely in their context than a confusable alternative.

Every Chinese character x (numerals aside) of a run of Chinese characters is examined, except
inside a four-character or a frequent two-character dictionary word or between two common
character pairs (fast skips; real-word suspects are examined all the same).
Its candidates c are the confusable characters (same or similar pinyin from the model, similar
shape from confusion-shape.txt) that complete a dictionary word with x's neighbours. Each is
scored by how much it raises the trigram log-likelihood of the three trigrams that contain x,
minus a channel cost for the kind of confusion (a wrong character with a different sound is
less likely than a homophone typed with a pinyin input method). The best candidate's margin
adds the gain in jieba's word segmentation score, which must itself be clearly positive; the
margin maps to a confidence in [0, 1].

Never corrected: numbers (Chinese numerals included), text inside quotation marks and 《》,
proper names the model knows (jieba's person/place/organisation names, the project's place
and leader lists) and phrases the caller protects (the user's allowlist).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Iterable

from .model import BOUNDARY, NUMERALS, TypoModel, is_cjk

KIND_SAME, KIND_SIMILAR, KIND_SHAPE = 1, 2, 3
KIND_LABEL = {KIND_SAME: "同音", KIND_SIMILAR: "音近", KIND_SHAPE: "形近"}
# log-odds a confusion of each kind costs (noisy-channel prior): homophones are the typical
# pinyin-input slip; similar sounds and shapes need more evidence.
CHANNEL_COST = {KIND_SAME: 0.0, KIND_SIMILAR: 1.5, KIND_SHAPE: 1.5}
# The margin adds the segmentation gain (jieba's unigram word model over a 9-character
# window), weighted and capped, to the trigram gain. The laws are a narrow sample of Chinese,
# jieba's word frequencies a broad one: the trigram model alone flags much ordinary prose the
# laws never use (names, new coinages, everyday speech), so the segmentation must also improve
# by at least SEG_MIN nats - the correction has to make a clearly likelier word. Values chosen
# on the development data (benchmarks/typo_dev.py), not on the test sets.
SEG_WEIGHT = 1.0
SEG_CAP = 20.0
SEG_MIN = 6.0
# ... except for a real-word correction (机智 → 机制), where it only must not lose: swapping
# one word for another changes the segmentation score by no more than their frequency ratio.
SEG_MIN_REAL = 0.0
# A character inside one of the model's cover words (every 4-character word, the frequent
# 2-character ones; see Detector.suspects) is not examined: a typo seldom makes another idiom,
# and one that makes a common word is the real-word table's business. This halves the work on
# running text for -0.8 points of recall on the development data. 3-character words are not
# cover words: 大会堂务 is 大会常务 with a typo.
# margin (nats) at which confidence is 0.5, and the spread of the logistic. The default
# threshold 0.7 sits at margin 17.0, chosen on the development data (benchmarks/typo_dev.py).
CONF_MID = 14.5
CONF_SCALE = 3.0
# Score: a candidate is dropped once the trigrams scored so far leave it at least this far
# below the best (rounding of log-probabilities <= 0 stays many orders of magnitude smaller).
PRUNE_SLACK = 1e-9

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Pair flags k, k + 1 around position k + 1 (see Detector.suspects): no cover word, not two
# common pairs.
_EXAMINE = re.compile(b"(?=[\\x00\\x04][\\x00\\x01\\x04\\x05]|[\\x01\\x05][\\x00\\x04])")
_BIT4 = bytes(v & 4 for v in range(256))  # pair flags → "starts a 4-character cover word"
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "〈": "〉", "‘": "’", '"': '"'}


@dataclass(frozen=True)
class Suggestion:
    start: int  # offset of the suspicious character in the text
    end: int
    wrong: str
    right: str
    score: float  # margin in nats over the bar's zero point
    confidence: float
    kind: int
    seg: float = 0.0  # gain of the word-segmentation (jieba unigram) score


def confidence(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-(margin - CONF_MID) / CONF_SCALE))


def margin_for(threshold: float) -> float:
    """The margin at which confidence() equals `threshold` (0 < threshold < 1)."""
    t = min(max(threshold, 1e-6), 1 - 1e-6)
    return CONF_MID + CONF_SCALE * math.log(t / (1 - t))


def read_shape(path: Path) -> dict[str, tuple[str, ...]]:
    groups: dict[str, set[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    for line in lines:
        chars = [c for c in line.split("#", 1)[0].split() if len(c) == 1 and is_cjk(c)]
        for c in chars:
            groups.setdefault(c, set()).update(x for x in chars if x != c)
    return {c: tuple(sorted(v)) for c, v in groups.items()}


_QUOTE_CHARS = re.compile("[" + re.escape("".join(set(_QUOTES) | set(_QUOTES.values()))) + "\n]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside paired quotation marks and book-title marks (nesting-tolerant, per line)."""
    spans = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_CHARS.finditer(text):
        ch, i = m.group(0), m.start()
        if ch == "\n":
            stack.clear()
        elif stack and ch == _QUOTES[stack[-1][0]]:
            spans.append((stack.pop()[1], i + 1))
        elif ch in _QUOTES:
            stack.append((ch, i))
    return spans


def _word_keys(ids: list[int], p: int) -> list[tuple[int, tuple[int, int]]]:
    """The packed keys (position p wildcarded as 0) and spans of the 2-4 character windows
    around p, skipping windows that run into a boundary (id 1) or an unknown character (0).
    Written out by hand: this runs for most characters of a text."""
    n = len(ids)
    l1 = ids[p - 1] if p >= 1 else 0
    l2 = ids[p - 2] if p >= 2 else 0
    l3 = ids[p - 3] if p >= 3 else 0
    r1 = ids[p + 1] if p + 1 < n else 0
    r2 = ids[p + 2] if p + 2 < n else 0
    r3 = ids[p + 3] if p + 3 < n else 0
    out = []
    if l1 > 1:
        out.append((l1 << 16, (p - 1, p + 1)))
        if l2 > 1:
            out.append((l2 << 32 | l1 << 16, (p - 2, p + 1)))
            if l3 > 1:
                out.append((l3 << 48 | l2 << 32 | l1 << 16, (p - 3, p + 1)))
            if r1 > 1:
                out.append((l2 << 48 | l1 << 32 | r1, (p - 2, p + 2)))
        if r1 > 1:
            out.append((l1 << 32 | r1, (p - 1, p + 2)))
            if r2 > 1:
                out.append((l1 << 48 | r1 << 16 | r2, (p - 1, p + 3)))
    if r1 > 1:
        out.append((r1, (p, p + 2)))
        if r2 > 1:
            out.append((r1 << 16 | r2, (p, p + 3)))
            if r3 > 1:
                out.append((r1 << 32 | r2 << 16 | r3, (p, p + 4)))
    return out


class Detector:
    def __init__(self, model: TypoModel, shape: dict[str, tuple[str, ...]]) -> None:
        self.m = model
        self.shape = {model.ids[c]: tuple(model.ids[x] for x in xs if x in model.ids)
                      for c, xs in shape.items() if c in model.ids}
        self.numeral_ids = {model.ids[c] for c in NUMERALS if c in model.ids}
        self._conf: dict[int, dict[int, int]] = {}
        self._conf_keys: dict[int, frozenset[int]] = {}
        self._real: tuple[object, list[str]] | None = None
        self._flags: dict[str, int] | None = None

    def _pair_flags(self) -> dict[str, int]:
        """Character pair → 1 if it is a common pair (model.solid) | 2 if a cover word | 4 if
        a 4-character cover word starts with it."""
        if self._flags is None:
            flags = dict.fromkeys(self.m.solid, 1)
            for w in self.m.cover_words:
                if len(w) == 2 and BOUNDARY not in w:
                    flags[w] = flags.get(w, 0) | 2
                elif len(w) == 4:
                    flags[w[:2]] = flags.get(w[:2], 0) | 4
            self._flags = flags
        return self._flags

    def confusable(self, i: int) -> dict[int, int]:
        """Candidate id → kind of confusion, for the character with id i."""
        got = self._conf.get(i)
        if got is None:
            got = dict(self.m.candidates(i))
            for c in self.shape.get(i, ()):
                got.setdefault(c, KIND_SHAPE)
            for n in self.numeral_ids:
                got.pop(n, None)
            got.pop(i, None)
            self._conf[i] = got
            self._conf_keys[i] = frozenset(got)
        return got

    def _local(self, ids: list[int], p: int, w: int) -> float:
        """Log-likelihood of the trigrams that contain position p, with ids[p] = w."""
        lp = self.m.p
        a = ids[p - 2] if p >= 2 else -1
        b = ids[p - 1]
        s = lp(a, b, w)
        if p + 1 < len(ids):
            s += lp(b, w, ids[p + 1])
            if p + 2 < len(ids):
                s += lp(w, ids[p + 1], ids[p + 2])
        return s

    def word_candidates(self, ids: list[int], p: int) -> dict[int, tuple[int, tuple[int, int] | None]]:
        """Confusable characters at p that complete a dictionary word with their neighbours:
        candidate id → (kind, None if it completes a word where the original character does
        not (a non-word error), else the (start, end) of the word it would replace)."""
        x = ids[p]
        conf = self._conf.get(x)
        if conf is None:
            conf = self.confusable(x)
        if not conf:
            return {}
        words: dict[int, list[tuple[int, int]]] = {}
        orig: set[tuple[int, int]] = set()
        keys = self._conf_keys[x]
        completions = self.m.completions
        for key, span in _word_keys(ids, p):
            got = completions(key)
            if got:
                hit = keys.intersection(got)
                if hit:
                    # (each span has one key, and only the spans in `words` are asked about)
                    if x in got:
                        orig.add(span)
                    for c in hit:
                        if c in words:
                            words[c].append(span)
                        else:
                            words[c] = [span]
        if not words:
            return {}
        out: dict[int, tuple[int, tuple[int, int] | None]] = {}
        for c, spans in words.items():
            fresh = [sp for sp in spans if sp not in orig]
            if fresh:
                out[c] = (conf[c], None)
            else:
                out[c] = (conf[c], max(spans, key=lambda sp: sp[1] - sp[0]))
        return out

    def segmentation(self, ids: list[int], lo: int, hi: int) -> float:
        """Best log-probability of ids[lo:hi] cut into dictionary words (jieba's unigram model)."""
        m = self.m
        total = m.log_word_total
        best = [0.0] + [-math.inf] * (hi - lo)
        for e in range(1, hi - lo + 1):
            for length in (1, 2, 3, 4):
                s = e - length
                if s < 0:
                    break
                f = m.word_freq(ids[lo + s: lo + e])
                if f or length == 1:
                    v = best[s] + math.log(max(f, 0.5)) - total
                    if v > best[e]:
                        best[e] = v
        return best[-1]

    def seg_gain(self, ids: list[int], p: int, c: int) -> float:
        lo, hi = max(1, p - 4), min(len(ids) - 1, p + 5)
        x = ids[p]
        base = self.segmentation(ids, lo, hi)
        ids[p] = c
        try:
            return self.segmentation(ids, lo, hi) - base
        finally:
            ids[p] = x

    def score(self, ids: list[int], p: int,
              cands: dict[int, tuple[int, tuple[int, int] | None]],
              floor: float = -math.inf) -> tuple[float, int, int]:
        """(gain, candidate, kind) of the best candidate at p (the first of equals), or
        (-inf, 0, 0) if none gains more than `floor`."""
        x = ids[p]
        base = self._local(ids, p, x)
        best = (-math.inf, 0, 0)
        # _local(ids, p, c) written out, so that a candidate stops at the first of its three
        # trigrams after which it can no longer beat the best so far (or `floor`): every
        # log-probability is <= 0 (the model's counts satisfy the bound; PRUNE_SLACK covers
        # rounding), so the partial sum bounds the gain from above.
        lp = self.m.p
        n = len(ids)
        a = ids[p - 2] if p >= 2 else -1
        b = ids[p - 1]
        r1 = ids[p + 1] if p + 1 < n else None
        r2 = ids[p + 2] if p + 2 < n else None
        word_freq = self.m.word_freq
        for c, (kind, word) in cands.items():
            cost = CHANNEL_COST[kind]
            bar = (best[0] if best[0] > floor else floor) - PRUNE_SLACK
            s = lp(a, b, c)
            if r1 is not None:
                if s - base - cost <= bar:
                    continue
                s += lp(b, c, r1)
                if r2 is not None:
                    if s - base - cost <= bar:
                        continue
                    s += lp(c, r1, r2)
            gain = s - base - cost
            if word is not None:
                # Real-word error (机智 for 机制): that one word is more frequent than the other
                # in general Chinese (jieba's counts) is no evidence; what remains is context
                # and how official prose (the laws) uses the two.
                s0, e0 = word
                seg = ids[s0:e0]
                f_old = word_freq(seg)
                seg[p - s0] = c
                f_new = word_freq(seg)
                if f_old and f_new > f_old:
                    gain -= math.log(f_new / f_old)
            if gain > best[0]:
                best = (gain, c, kind)
        return best

    def judge(self, ids: list[int], p: int, cands: dict[int, tuple[int, tuple[int, int] | None]],
              min_margin: float) -> tuple[float, int, int, float] | None:
        """(margin, candidate, kind, segmentation gain) of the best correction at p, or None if
        it does not clear `min_margin`."""
        bar = min_margin - SEG_WEIGHT * SEG_CAP
        gain, c, kind = self.score(ids, p, cands, bar)
        if gain <= bar:
            return None
        seg = self.seg_gain(ids, p, c)
        if seg < (SEG_MIN_REAL if cands[c][1] is not None else SEG_MIN):
            return None
        total = gain + SEG_WEIGHT * min(seg, SEG_CAP)
        return (total, c, kind, seg) if total > min_margin else None

    def real_word_hits(self, text: str) -> list[tuple[int, int, str]]:
        """Occurrences of words that have a far more frequent confusable twin (one pass)."""
        if self._real is None:
            from ahocorasick_rs import AhoCorasick

            words = list(self.m.realword)
            self._real = (AhoCorasick(words), words)
        ac, words = self._real
        return [(s, e, words[i]) for i, s, e in ac.find_matches_as_indexes(text, overlapping=True)]

    def suspects(self, chars: str, ids: list[int],
                 real_hits: Iterable[tuple[int, int, str]] = ()) -> dict[int, dict[int, tuple[int, tuple[int, int] | None]]]:
        """Positions (in ids) worth scoring, with the candidates to try there: every character
        (numerals aside) for which a confusable character completes a dictionary word with its
        neighbours, plus the real-word suspects. Every character, not only those next to an
        unseen pair: a typo often makes a pair the model has seen in another sense (机智 for
        机制), and candidates that complete no word are rarely right."""
        # Characters inside a cover word (2 or 4 characters) are left alone, and so is a
        # character in a common pair on both sides: a typo seldom lands in such company (the
        # real-word suspects still get their look). Both skips keep the scan fast: one lookup
        # per character pair (pair k = padded[k:k + 2], around positions k and k + 1) gives its
        # flags (_pair_flags), and a regular expression over them finds the positions that the
        # 2-character tests let through; detect() does this once for a whole text.
        padded = BOUNDARY + chars + BOUNDARY
        flags = bytes(map(self._pair_flags().get, map(str.__add__, padded, padded[1:]), repeat(0)))
        return self._suspects(chars, ids, [hit.start() + 1 for hit in _EXAMINE.finditer(flags)], real_hits,
                              flags.translate(_BIT4), 0)

    def _suspects(self, chars: str, ids: list[int], examine: list[int],
                  real_hits: Iterable[tuple[int, int, str]], starts4: bytes,
                  base: int) -> dict[int, dict[int, tuple[int, tuple[int, int] | None]]]:
        """suspects(), given the positions the pair tests let through and starts4[base + k]
        (nonzero if pair k of the padded run may start a 4-character cover word)."""
        out: dict[int, dict[int, tuple[int, tuple[int, int] | None]]] = {}
        n = len(chars)
        cover = self.m.cover_words
        numerals = self.numeral_ids
        word_candidates = self.word_candidates
        for p in examine:
            # a 4-character cover word chars[k - 1:k + 3] (1 <= k <= n - 3) covers k .. k + 3
            # (only looked up when one of those windows starts with the right pair)
            if n >= 4:
                k0, k1 = max(1, p - 3), min(p, n - 3)
                if (k0 <= k1 and starts4.find(4, base + k0, base + k1 + 1) != -1
                        and any(chars[k - 1:k + 3] in cover for k in range(k0, k1 + 1))):
                    continue
            if ids[p] not in numerals:
                cands = word_candidates(ids, p)
                if cands:
                    out[p] = cands
        for start, end, word in real_hits:
            for j, c in self.m.realword[word]:
                p = start + j + 1
                kind = self.confusable(ids[p]).get(self.m.ids.get(c, 0))
                if kind is not None:
                    out.setdefault(p, {}).setdefault(self.m.ids[c], (kind, (start + 1, end + 1)))
        return out

    def detect(self, text: str, min_margin: float = 0.0,
               protected: Iterable[tuple[int, int]] = ()) -> list[Suggestion]:
        """Suggestions whose margin (language-model gain + SEG_WEIGHT × segmentation gain −
        channel cost) exceeds `min_margin`."""
        m = self.m
        # Text positions inside a protected span or a quotation (one pass, not one per run).
        mask: bytearray | None = None
        for a, b in [*protected, *quoted_spans(text)]:
            a, b = max(a, 0), min(b, len(text))
            if b > a:
                if mask is None:
                    mask = bytearray(len(text))
                mask[a:b] = b"\x01" * (b - a)
        out: list[Suggestion] = []
        runs = [(run.start(), run.group(0)) for run in _RUN.finditer(text)]
        if not runs:
            return out
        real = self.real_word_hits(text)
        ri, n_real = 0, len(real)
        # The runs joined by one boundary each: run r's padded form (boundary, run, boundary)
        # is a slice of it, so the ids, the pair flags and the positions the pair tests let
        # through (suspects()) are computed once for the text rather than once per run.
        joined = BOUNDARY + BOUNDARY.join([chars for _, chars in runs]) + BOUNDARY
        zeros = repeat(0)
        all_ids = list(map(m.ids.get, joined, zeros))
        flags = bytes(map(self._pair_flags().get, map(str.__add__, joined, joined[1:]), zeros))
        examine = [hit.start() + 1 for hit in _EXAMINE.finditer(flags)]  # indices in joined
        starts4 = flags.translate(_BIT4)
        ei, n_examine = 0, len(examine)
        off = 1  # index in joined of the run's first character
        for s0, chars in runs:
            n = len(chars)
            e0 = s0 + n
            base = off - 1
            off += n + 1
            mine = []
            while ri < n_real and real[ri][0] < e0:
                a, b, w = real[ri]
                if a >= s0 and b <= e0:
                    mine.append((a - s0, b - s0, w))
                ri += 1
            here = []
            while ei < n_examine and examine[ei] < off:
                j = examine[ei]
                if j < off - 1:  # not the boundary after the run
                    here.append(j - base)
                ei += 1
            if not here and not mine:
                continue
            ids = all_ids[base:off]
            sus = self._suspects(chars, ids, here, mine, starts4, base)
            if not sus:
                continue
            found: list[tuple[float, int, int, int, float]] = []
            for p, cands in sus.items():
                if not (mask and mask[s0 + p - 1]):
                    got = self.judge(ids, p, cands, min_margin)
                    if got is not None:
                        found.append((got[0], p, got[1], got[2], got[3]))
            # Best first; a correction changes its neighbours' context, so re-score those.
            found.sort(reverse=True)
            taken: list[int] = []
            for total, p, c, kind, seg in found:
                if any(abs(p - q) <= 3 for q in taken):
                    got = self.judge(ids, p, sus[p], min_margin)
                    if got is None:
                        continue
                    total, c, kind, seg = got
                ids[p] = c
                taken.append(p)
                pos = s0 + p - 1
                out.append(Suggestion(pos, pos + 1, text[pos], m.char(c), total, confidence(total), kind, seg))
        out.sort(key=lambda s: s.start)
        return out
