"""Exact and near-duplicate articles: MinHash signatures and an index to look them up.

Syndicated news is the same story on many sites, with a different headline, a dateline
added or a closing line cut. Two clean texts are

- exact copies when their ``text_sha256`` is equal;
- near copies when the Jaccard similarity of their sets of word ``SHINGLE_WORDS``-grams is
  at least ``THRESHOLD`` (0.8), estimated from ``NUM_PERM`` MinHash permutations
  (``datasketch``; standard error about 0.035 at 128 permutations).

Candidates are found by locality-sensitive hashing: the signature is cut into ``BANDS``
bands of ``ROWS`` values and two texts that agree on a whole band are compared. With 16
bands of 8 rows a pair at similarity 0.8 is a candidate with probability 0.95, a pair at
0.5 with probability 0.06; the estimate then decides. Texts under ``MIN_WORDS`` words only
ever match exactly: a few words in common say nothing about a copy.

Pure: the caller loads and saves the index (``flows/dedupe.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8
MIN_WORDS = 30

_WORD = re.compile(r"\w+")

Signature = tuple[int, ...]


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of word ``k``-grams of ``text``, casefolded, punctuation ignored."""
    ws = words(text)
    if len(ws) < k:
        return {" ".join(ws).encode()} if ws else set()
    return {" ".join(ws[i : i + k]).encode() for i in range(len(ws) - k + 1)}


def signature(text: str) -> Signature | None:
    """The MinHash signature of ``text``; None when it is too short for near matching."""
    if len(words(text)) < MIN_WORDS:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch(sorted(shingles(text)))
    return tuple(int(v) for v in mh.hashvalues)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity that two signatures estimate."""
    if len(a) != len(b) or not a:
        return 0.0
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def band_keys(sig: Sequence[int]) -> list[bytes]:
    """One key per band: the band's number and a digest of its values."""
    keys = []
    for band in range(BANDS):
        values = np.asarray(sig[band * ROWS : (band + 1) * ROWS], dtype=np.uint64).tobytes()
        keys.append(band.to_bytes(1, "big") + hashlib.blake2b(values, digest_size=8).digest())
    return keys


@dataclass(frozen=True)
class Entry:
    doc_id: str
    text_sha256: str
    signature: Signature | None


@dataclass
class SignatureIndex:
    """The first copy of every text seen, by exact digest and by LSH band."""

    entries: list[Entry] = field(default_factory=list)
    _by_sha: dict[str, str] = field(default_factory=dict)
    _by_band: dict[bytes, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> SignatureIndex:
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: Entry) -> None:
        """Remember ``entry`` as a first copy (a later identical text keeps the earlier one)."""
        self._by_sha.setdefault(entry.text_sha256, entry.doc_id)
        position = len(self.entries)
        self.entries.append(entry)
        if entry.signature is not None:
            for key in band_keys(entry.signature):
                self._by_band.setdefault(key, []).append(position)

    def find(self, text_sha256: str, sig: Signature | None, threshold: float = THRESHOLD) -> str | None:
        """The doc_id of the first copy of a text like this one, or None.

        An exact copy wins; otherwise the most similar candidate at ``threshold`` or
        above, the earliest on ties.
        """
        exact = self._by_sha.get(text_sha256)
        if exact is not None:
            return exact
        if sig is None:
            return None
        candidates = sorted({p for key in band_keys(sig) for p in self._by_band.get(key, ())})
        best: tuple[float, int] | None = None
        for position in candidates:
            other = self.entries[position].signature
            if other is None:
                continue
            score = similarity(sig, other)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, position)
        return self.entries[best[1]].doc_id if best else None


def flag(index: SignatureIndex, doc_id: str, text: str, text_sha256: str) -> str | None:
    """``duplicate_of`` for one article, and the index updated: first copies are added,
    copies are not (so every copy points at the first copy seen, never at a copy)."""
    return flag_signed(index, doc_id, signature(text), text_sha256)


def flag_signed(index: SignatureIndex, doc_id: str, sig: Signature | None, text_sha256: str) -> str | None:
    """:func:`flag` for a text whose signature was computed already (in a worker process)."""
    first = index.find(text_sha256, sig)
    if first is not None and first != doc_id:
        return first
    if first is None:
        index.add(Entry(doc_id, text_sha256, sig))
    return None
