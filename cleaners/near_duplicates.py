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

Pure: the caller loads, reconciles and saves the index (``flows/dedupe.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    signature: Signature | None  # kept for first copies only
    duplicate_of: str | None = None  # None: a first copy; otherwise the copy's first copy


class SignatureIndex:
    """Every document of a dataset, by ``doc_id``; its first copies by exact digest and by
    LSH band.

    Only first copies are ever matched; a copy is remembered (with its ``duplicate_of``)
    so that the index can be checked against the list of committed documents without
    reading them. A document never matches itself (``find(exclude=)``).
    """

    def __init__(self) -> None:
        self._slots: list[Entry | None] = []  # None: discarded
        self._position: dict[str, int] = {}
        self._by_sha: dict[str, str] = {}
        self._by_band: dict[bytes, list[int]] = {}

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> SignatureIndex:
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    @property
    def entries(self) -> list[Entry]:
        """The entries, in the order they were first added."""
        return [e for e in self._slots if e is not None]

    def doc_ids(self) -> set[str]:
        return set(self._position)

    def get(self, doc_id: str) -> Entry | None:
        position = self._position.get(doc_id)
        return None if position is None else self._slots[position]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._position

    def __len__(self) -> int:
        return len(self._position)

    def add(self, entry: Entry) -> None:
        """Remember ``entry``; an entry for the same ``doc_id`` is replaced, in its place.

        A first copy becomes findable (a later identical text keeps the earlier one).
        """
        position = self._position.get(entry.doc_id)
        if position is None:
            position = len(self._slots)
            self._slots.append(entry)
            self._position[entry.doc_id] = position
        else:
            self._unregister(position)
            self._slots[position] = entry
        if entry.duplicate_of is None:
            self._by_sha.setdefault(entry.text_sha256, entry.doc_id)
            if entry.signature is not None:
                for key in band_keys(entry.signature):
                    self._by_band.setdefault(key, []).append(position)

    def discard(self, doc_id: str) -> bool:
        """Forget ``doc_id``; False when it was not there."""
        position = self._position.pop(doc_id, None)
        if position is None:
            return False
        self._unregister(position)
        self._slots[position] = None
        return True

    def _unregister(self, position: int) -> None:
        # Band lists keep the position: find() checks what the slot holds now.
        old = self._slots[position]
        if old is not None and self._by_sha.get(old.text_sha256) == old.doc_id:
            del self._by_sha[old.text_sha256]

    def find(
        self, text_sha256: str, sig: Signature | None, threshold: float = THRESHOLD, exclude: str | None = None
    ) -> str | None:
        """The doc_id of the first copy of a text like this one, or None.

        An exact copy wins; otherwise the most similar candidate at ``threshold`` or
        above, the earliest on ties. ``exclude`` (the document being flagged) never matches.
        """
        exact = self._by_sha.get(text_sha256)
        if exact is not None and exact != exclude:
            return exact
        if sig is None:
            return None
        candidates = sorted({p for key in band_keys(sig) for p in self._by_band.get(key, ())})
        best: tuple[float, int] | None = None
        for position in candidates:
            entry = self._slots[position]
            if entry is None or entry.signature is None or entry.duplicate_of is not None or entry.doc_id == exclude:
                continue
            score = similarity(sig, entry.signature)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, position)
        if best is None:
            return None
        found = self._slots[best[1]]
        assert found is not None
        return found.doc_id


def flag(index: SignatureIndex, doc_id: str, text: str, text_sha256: str) -> str | None:
    """``duplicate_of`` for one article, and the index updated: the article is recorded as a
    first copy or as a copy (so every copy points at the first copy seen, never at a copy)."""
    return flag_signed(index, doc_id, signature(text), text_sha256)


def flag_signed(index: SignatureIndex, doc_id: str, sig: Signature | None, text_sha256: str) -> str | None:
    """:func:`flag` for a text whose signature was computed already (in a worker process).

    The document itself (met again: a rerun, ``--reprocess``) is never its own first copy;
    its entry is replaced.
    """
    first = index.find(text_sha256, sig, exclude=doc_id)
    index.add(Entry(doc_id, text_sha256, sig if first is None else None, first))
    return first
