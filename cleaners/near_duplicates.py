"""Exact and near-duplicate articles: MinHash signatures and an index to look them up.

Syndicated news is the same story on many sites, with a different headline, a dateline
added or a closing line cut. Two clean texts are

- exact copies when their ``text_sha256`` is equal;
- near copies when the Jaccard similarity of their sets of word ``SHINGLE_WORDS``-grams is
  at least ``THRESHOLD`` (0.8), estimated from ``NUM_PERM`` MinHash permutations
  (standard error about 0.035 at 128 permutations).

Signatures are computed with numpy, a document at a time: each word (casefolded) is
hashed with CRC-32, each ``SHINGLE_WORDS``-gram of word hashes is mixed into a 64-bit
shingle hash whose top 32 bits ``x`` enter ``NUM_PERM`` hash functions
``h_i(x) = ((a_i·x + b_i) mod 2^64) >> 32`` (multiply-add-shift, a 2-independent family;
``a_i``, ``b_i`` fixed below), and the signature is each function's minimum over the
shingles: ``NUM_PERM`` little-endian uint32, as ``bytes``. Nothing depends on the process
(no salted ``hash()``): the same text has the same signature in every process and run.
Changing any of this changes the signatures: bump :data:`SIGNATURE_VERSION`.

Candidates are found by locality-sensitive hashing: the signature is cut into ``BANDS``
bands of ``ROWS`` values and two texts that agree on a whole band are compared. With 16
bands of 8 rows a pair at similarity 0.8 is a candidate with probability 0.95, a pair at
0.5 with probability 0.06; the estimate then decides. Texts under ``MIN_WORDS`` words only
ever match exactly: a few words in common say nothing about a copy.

The index keeps in memory only what lookups need: per document a 64-bit key of its
``doc_id`` and of its ``text_sha256`` and a state byte, and per first copy one 32-bit hash
per band, in sorted numpy arrays. Strings and full signatures stay in Arrow record
batches (memory-mapped files, see ``flows/dedupe.py``) and are read for candidates only.

Pure: the caller loads, reconciles and saves the index (``flows/dedupe.py``).
"""

from __future__ import annotations

import bisect
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8
MIN_WORDS = 30
SIGNATURE_VERSION = 2  # 1: datasketch MinHash (sha1, seed 1); 2: the numpy hashing below
SIG_BYTES = NUM_PERM * 4

_WORD = re.compile(r"\w+")
_U64 = np.uint64
# Fixed constants: the hash family. Changing them changes every signature.
_PERMS = np.random.Generator(np.random.PCG64(0x5EED_2024)).integers(0, 2**64, size=(2, NUM_PERM), dtype=np.uint64)
_A = _PERMS[0] | _U64(1)  # odd multipliers
_B = _PERMS[1]
_SHINGLE_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD][
        :SHINGLE_WORDS
    ],
    dtype=np.uint64,
)
_BAND_MULT = np.array(
    [*_SHINGLE_MULT.tolist()[:4], 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)[:ROWS]
_CHUNK = 4096  # shingles per (shingles × NUM_PERM) block: bounds memory for huge texts

Signature = bytes  # NUM_PERM little-endian uint32


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _mix(h: np.ndarray) -> np.ndarray:
    h ^= h >> _U64(33)
    h *= _U64(0xFF51AFD7ED558CCD)
    h ^= h >> _U64(33)
    h *= _U64(0xC4CEB9FE1A85EC53)
    h ^= h >> _U64(33)
    return h


def shingle_hashes(ws: Sequence[str], k: int = SHINGLE_WORDS) -> np.ndarray:
    """A 64-bit hash of every word ``k``-gram of ``ws`` (a text of fewer words: one hash)."""
    tokens = np.fromiter(map(zlib.crc32, map(str.encode, ws)), dtype=np.uint64, count=len(ws))
    k = min(k, len(ws))
    m = len(ws) - k + 1
    h = tokens[:m] * _SHINGLE_MULT[0]
    for j in range(1, k):
        h += tokens[j : j + m] * _SHINGLE_MULT[j]
    return _mix(h)


def signature(text: str) -> Signature | None:
    """The MinHash signature of ``text``; None when it is too short for near matching."""
    ws = words(text)
    if len(ws) < MIN_WORDS:
        return None
    x = shingle_hashes(ws) >> _U64(32)
    mins = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(x), _CHUNK):
        v = np.multiply.outer(x[start : start + _CHUNK], _A)
        v += _B
        np.minimum(mins, v.min(axis=0), out=mins)
    return (mins >> _U64(32)).astype("<u4").tobytes()


def values(sig: Signature) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: Signature | None, b: Signature | None) -> float:
    """The Jaccard similarity that two signatures estimate."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(values(a) == values(b))) / (len(a) // 4)


def band_hashes(sigs: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) signature values → (n, BANDS) uint32: one hash per band."""
    v = sigs.reshape(-1, BANDS, ROWS).astype(np.uint64)
    h = (v * _BAND_MULT).sum(axis=2, dtype=np.uint64)
    return (_mix(h) >> _U64(32)).astype(np.uint32)


def key(s: str) -> int:
    """A stable 64-bit key of a string (BLAKE2b; Python's own ``hash`` changes with each
    process): of a doc_id or text digest here, where lookups confirm the string itself,
    and of a line in :mod:`cleaners.repetition`."""
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Entry:
    doc_id: str
    text_sha256: str
    signature: Signature | None  # kept for first copies only
    duplicate_of: str | None = None  # None: a first copy; otherwise the copy's first copy


# The columns of the record batches that hold the entries (and of the index files).
ENTRY_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text_sha256", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("signature", pa.binary(SIG_BYTES)),
        pa.field("live", pa.bool_(), nullable=False),
        pa.field("doc_key", pa.uint64(), nullable=False),
        pa.field("sha_key", pa.uint64(), nullable=False),
        pa.field("bands", pa.binary(BANDS * 4)),
    ]
)

DEAD, COPY, FIRST = 0, 1, 2
_LIVE_AT = ENTRY_SCHEMA.get_field_index("live")


class _Lookup:
    """A multimap from integer keys to positions: a sorted frozen part and a small dict."""

    PENDING = 8192

    def __init__(self, dtype: type[np.unsignedinteger]) -> None:
        self.dtype = dtype
        self.keys = np.empty(0, dtype=dtype)
        self.positions = np.empty(0, dtype=np.int32)
        self.pending: dict[int, list[int]] = {}
        self.pending_count = 0
        self.hold = False  # True: additions stay pending (a batch's lookups were made already)

    def add(self, k: int, position: int) -> None:
        self.pending.setdefault(k, []).append(position)
        self.pending_count += 1
        if self.pending_count >= self.PENDING and not self.hold:
            self.freeze()

    def add_many(self, keys: np.ndarray, positions: np.ndarray) -> None:
        self._merge(keys.astype(self.dtype), positions.astype(np.int32))

    def freeze(self) -> None:
        if not self.pending_count:
            return
        keys = np.fromiter(
            (k for k, ps in self.pending.items() for _ in ps), dtype=self.dtype, count=self.pending_count
        )
        positions = np.fromiter(
            (p for ps in self.pending.values() for p in ps), dtype=np.int32, count=self.pending_count
        )
        self.pending, self.pending_count = {}, 0
        self._merge(keys, positions)

    def _merge(self, keys: np.ndarray, positions: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        keys, positions = keys[order], positions[order]
        at = np.searchsorted(self.keys, keys, side="right")
        self.keys = np.insert(self.keys, at, keys)
        self.positions = np.insert(self.positions, at, positions)

    def get(self, k: int) -> list[int]:
        found = self.pending.get(k, [])
        if len(self.keys):
            kk = self.dtype(k)  # a numpy scalar: a Python int makes searchsorted convert (slow)
            lo = int(self.keys.searchsorted(kk, side="left"))
            hi = int(self.keys.searchsorted(kk, side="right"))
            if hi > lo:
                found = [*self.positions[lo:hi].tolist(), *found]
        return found

    def get_many(self, keys: np.ndarray) -> list[list[int]]:
        """:meth:`get` of the frozen part for each of ``keys``, in two binary searches."""
        found: list[list[int]] = [[] for _ in range(len(keys))]
        if len(self.keys) and len(keys):
            keys = keys.astype(self.dtype)
            lo = self.keys.searchsorted(keys, side="left")
            hi = self.keys.searchsorted(keys, side="right")
            for i in np.flatnonzero(hi > lo).tolist():
                found[i] = self.positions[lo[i] : hi[i]].tolist()
        return found

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.positions.nbytes)


class _Block:
    """Entries ``start``… held in a record batch of :data:`ENTRY_SCHEMA` (put rows only)."""

    def __init__(self, start: int, batch: pa.RecordBatch) -> None:
        self.start = start
        self.batch = batch
        self.doc_id = batch.column("doc_id")
        self.sha = batch.column("text_sha256")
        self.dup = batch.column("duplicate_of")
        self.sig = batch.column("signature")

    def entry(self, row: int) -> Entry:
        return Entry(self.doc_id[row].as_py(), self.sha[row].as_py(), self.sig[row].as_py(), self.dup[row].as_py())


@dataclass(frozen=True)
class _Keys:
    """The lookup keys of rows taken into the index, and the positions they point at."""

    doc: np.ndarray
    doc_at: np.ndarray
    sha: np.ndarray
    sha_at: np.ndarray
    bands: np.ndarray  # one row of BANDS band hashes per first copy with a signature
    bands_at: np.ndarray


class SignatureIndex:
    """Every document of a dataset, by ``doc_id``; its first copies by exact digest and by
    LSH band.

    Only first copies are ever matched; a copy is remembered (with its ``duplicate_of``)
    so that the index can be checked against the list of committed documents without
    reading them. A document never matches itself (``find(exclude=)``). Each entry has a
    position, in the order entries were added; an entry replaced or discarded leaves a dead
    position behind (they go when the caller rebuilds the index from :meth:`live_batches`).

    Entries added since the last :meth:`seal` (the *tail*) are plain Python objects; the
    caller writes them out (:meth:`journal`) and hands back the record batch as written.
    """

    def __init__(self) -> None:
        self._state = bytearray()
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self._tail: list[Entry] = []
        self._tail_start = 0
        self._deleted: list[str] = []  # doc_ids of entries before the tail discarded since the last seal
        self._live = 0
        self._by_doc = _Lookup(np.uint64)
        self._by_sha = _Lookup(np.uint64)
        self._by_band = [_Lookup(np.uint32) for _ in range(BANDS)]

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> SignatureIndex:
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    # -- reading -------------------------------------------------------------------------

    def _entry(self, position: int) -> Entry:
        if position >= self._tail_start:
            return self._tail[position - self._tail_start]
        b = self._starts_index(position)
        block = self._blocks[b]
        return block.entry(position - block.start)

    def _starts_index(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position) - 1

    def _doc_id(self, position: int) -> str:
        if position >= self._tail_start:
            return self._tail[position - self._tail_start].doc_id
        block = self._blocks[self._starts_index(position)]
        return str(block.doc_id[position - block.start].as_py())

    def _signature(self, position: int) -> Signature | None:
        if position >= self._tail_start:
            return self._tail[position - self._tail_start].signature
        block = self._blocks[self._starts_index(position)]
        found: Signature | None = block.sig[position - block.start].as_py()
        return found

    def _position(self, doc_id: str) -> int | None:
        return self._live_among(doc_id, self._by_doc.get(key(doc_id)))

    def _live_among(self, doc_id: str, positions: Iterable[int]) -> int | None:
        """The live entry of ``doc_id`` among the ``positions`` its key maps to, if any."""
        for position in positions:
            if self._state[position] != DEAD and self._doc_id(position) == doc_id:
                return position
        return None

    def _live_positions(self) -> Iterator[int]:
        state = np.frombuffer(self._state, dtype=np.uint8) if self._state else np.empty(0, np.uint8)
        return iter(np.flatnonzero(state != DEAD).tolist())

    @property
    def entries(self) -> list[Entry]:
        """The entries, in the order they were added."""
        return [self._entry(p) for p in self._live_positions()]

    def doc_ids(self) -> set[str]:
        return {self._doc_id(p) for p in self._live_positions()}

    def get(self, doc_id: str) -> Entry | None:
        position = self._position(doc_id)
        return None if position is None else self._entry(position)

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._position(doc_id) is not None

    def __len__(self) -> int:
        return self._live

    @property
    def dirty(self) -> bool:
        """Entries added or discarded since the last :meth:`seal`."""
        return bool(self._tail or self._deleted)

    @property
    def nbytes(self) -> int:
        """Bytes of the in-memory lookup structures (not the record batches, not the tail)."""
        return len(self._state) + sum(lookup.nbytes for lookup in (self._by_doc, self._by_sha, *self._by_band))

    # -- changing ------------------------------------------------------------------------

    def add(self, entry: Entry) -> None:
        """Remember ``entry``; an entry for the same ``doc_id`` is replaced (it moves last).

        A first copy becomes findable (a later identical text keeps the earlier one).
        """
        self._add(entry, _bands(entry.signature) if entry.duplicate_of is None else None)

    def _add(self, entry: Entry, bands: list[int] | None, old: int | None = -1) -> None:
        """:meth:`add`, with the band hashes of ``entry.signature`` computed already (and
        the position of the entry it replaces, when the caller looked it up: None for none)."""
        if old == -1:
            old = self._position(entry.doc_id)
        if old is not None:
            self._kill(old)
        position = len(self._state)
        self._tail.append(entry)
        self._register(position, entry.doc_id, entry.text_sha256, entry.duplicate_of is None, bands)

    def _register(self, position: int, doc_id: str, sha: str, first: bool, bands: list[int] | None) -> None:
        doc_key, sha_key = key(doc_id), key(sha)
        self._state.append(FIRST if first else COPY)
        self._live += 1
        self._by_doc.add(doc_key, position)
        if first:
            self._by_sha.add(sha_key, position)
            if bands is not None:
                for band, h in enumerate(bands):
                    self._by_band[band].add(h, position)

    def _kill(self, position: int) -> None:
        self._state[position] = DEAD
        self._live -= 1

    def discard(self, doc_id: str) -> bool:
        """Forget ``doc_id``; False when it was not there."""
        position = self._position(doc_id)
        if position is None:
            return False
        if position < self._tail_start:
            self._deleted.append(doc_id)
        self._kill(position)
        return True

    # -- persistence (the caller does the I/O) ----------------------------------------

    def journal(self) -> tuple[pa.RecordBatch, list[str]]:
        """What changed since the last :meth:`seal`: the tail's entries as put rows (dead
        ones with ``live`` false), and the doc_ids of earlier entries discarded."""
        return self._batch(range(self._tail_start, len(self._state))), list(self._deleted)

    def live_batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """Every live entry, in order, as record batches of at most ``rows`` entries: the
        whole index without the whole index's rows in memory at once.

        Entries already held in record batches are filtered there, column by column (no
        Python object per entry: compacting a large index stays cheap); the tail's are
        built from its entries."""
        state = np.frombuffer(self._state, dtype=np.uint8) if self._state else np.empty(0, np.uint8)
        pending: list[pa.RecordBatch] = []
        held = 0
        for block in self._blocks:
            mask = state[block.start : block.start + len(block.batch)] != DEAD
            if not mask.any():
                continue
            kept = block.batch.filter(pa.array(mask))
            # Rows written dead are filtered out; every row kept is live now.
            kept = kept.set_column(_LIVE_AT, ENTRY_SCHEMA.field(_LIVE_AT), pa.array(np.ones(len(kept), np.bool_)))
            for start in range(0, len(kept), rows):
                piece = kept.slice(start, rows)
                if held + len(piece) > rows:
                    yield _concat(pending)
                    pending, held = [], 0
                pending.append(piece)
                held += len(piece)
        if pending:
            yield _concat(pending)
        tail = np.flatnonzero(state[self._tail_start :] != DEAD) + self._tail_start
        for start in range(0, len(tail), rows):
            yield self._batch(tail[start : start + rows].tolist())

    def _batch(self, positions: Iterable[int]) -> pa.RecordBatch:
        rows = list(positions)
        entries = [self._entry(p) for p in rows]
        # Band hashes of the first copies' signatures, all in one band_hashes call.
        banded = [(i, e.signature) for i, e in enumerate(entries) if e.signature is not None and e.duplicate_of is None]
        bands: list[bytes | None] = [None] * len(entries)
        if banded:
            sigs = np.frombuffer(b"".join(sig for _i, sig in banded), dtype="<u4").reshape(len(banded), NUM_PERM)
            for (i, _sig), row in zip(banded, band_hashes(sigs), strict=True):
                bands[i] = row.tobytes()
        return pa.record_batch(
            [
                pa.array([e.doc_id for e in entries], pa.string()),
                pa.array([e.text_sha256 for e in entries], pa.string()),
                pa.array([e.duplicate_of for e in entries], pa.string()),
                pa.array([e.signature for e in entries], pa.binary(SIG_BYTES)),
                pa.array([self._state[p] != DEAD for p in rows], pa.bool_()),
                pa.array([key(e.doc_id) for e in entries], pa.uint64()),
                pa.array([key(e.text_sha256) for e in entries], pa.uint64()),
                pa.array(bands, pa.binary(BANDS * 4)),
            ],
            schema=ENTRY_SCHEMA,
        )

    def seal(self, batch: pa.RecordBatch) -> None:
        """The tail was written as ``batch`` (from :meth:`journal`): hold it from there."""
        if len(batch) != len(self._state) - self._tail_start:
            raise ValueError("the batch is not the tail")
        if len(batch):
            self._blocks.append(_Block(self._tail_start, batch))
            self._starts.append(self._tail_start)
        self._tail = []
        self._tail_start = len(self._state)
        self._deleted = []
        self._freeze()

    def attach(self, batch: pa.RecordBatch, deleted: Sequence[str] = ()) -> None:
        """Apply a written journal (or a whole index): ``deleted`` goes, ``batch``'s rows are
        added in order (replacing entries of the same doc_id). Call with an empty tail."""
        if self._tail:
            raise ValueError("attach with unsaved entries")
        for doc_id in deleted:
            position = self._position(doc_id)
            if position is not None:
                self._kill(position)
        if self._live and len(batch):  # replacements: only ever a few rows (a journal)
            for row in np.flatnonzero(batch.column("live").to_numpy(zero_copy_only=False)).tolist():
                old = self._position(str(batch.column("doc_id")[row].as_py()))
                if old is not None:
                    self._kill(old)
        self._look_up([self._hold(batch)])

    def attach_base(self, batches: Sequence[pa.RecordBatch]) -> None:
        """Fill an empty index with a whole index as :meth:`live_batches` wrote it (each
        doc_id once): no search for entries to replace, and one merge per lookup table for
        all the batches (a merge per batch copied every table once per batch)."""
        if self._state:
            raise ValueError("attach_base on a non-empty index")
        self._look_up([self._hold(batch) for batch in batches])

    def _hold(self, batch: pa.RecordBatch) -> _Keys | None:
        """Take ``batch``'s rows as the next positions; the keys they add to the lookups."""
        n = len(batch)
        if not n:
            return None
        start = len(self._state)
        live = batch.column("live").to_numpy(zero_copy_only=False)
        first = batch.column("duplicate_of").is_null().to_numpy(zero_copy_only=False) & live
        positions = np.arange(start, start + n, dtype=np.int32)
        self._state.extend(np.where(live, np.where(first, FIRST, COPY), DEAD).astype(np.uint8).tobytes())
        self._live += int(live.sum())
        self._blocks.append(_Block(start, batch))
        self._starts.append(start)
        self._tail_start = len(self._state)
        bands_col = batch.column("bands")
        has_bands = first & ~bands_col.is_null().to_numpy(zero_copy_only=False)
        raw = bands_col.buffers()[1]
        bands = np.empty((0, BANDS), np.uint32)
        if has_bands.any() and raw is not None:
            offset = bands_col.offset
            bands = np.frombuffer(raw, dtype="<u4")[offset * BANDS : (offset + n) * BANDS].reshape(n, BANDS)[has_bands]
        else:
            has_bands[:] = False
        doc_keys = batch.column("doc_key").to_numpy()
        sha_keys = batch.column("sha_key").to_numpy()
        return _Keys(doc_keys[live], positions[live], sha_keys[first], positions[first], bands, positions[has_bands])

    def _look_up(self, held: Sequence[_Keys | None]) -> None:
        """Add the keys of the rows just held to the lookups."""
        parts = [keys for keys in held if keys is not None]
        if not parts:
            return
        cat = np.concatenate
        self._by_doc.add_many(cat([k.doc for k in parts]), cat([k.doc_at for k in parts]))
        self._by_sha.add_many(cat([k.sha for k in parts]), cat([k.sha_at for k in parts]))
        bands, band_at = cat([k.bands for k in parts]), cat([k.bands_at for k in parts])
        if len(bands):
            for band in range(BANDS):
                self._by_band[band].add_many(bands[:, band], band_at)

    def _freeze(self) -> None:
        for lookup in (self._by_doc, self._by_sha, *self._by_band):
            lookup.freeze()

    # -- matching ------------------------------------------------------------------------

    def find(
        self, text_sha256: str, sig: Signature | None, threshold: float = THRESHOLD, exclude: str | None = None
    ) -> str | None:
        """The doc_id of the first copy of a text like this one, or None.

        An exact copy wins; otherwise the most similar candidate at ``threshold`` or
        above, the earliest on ties. ``exclude`` (the document being flagged) never matches.
        """
        return self._find(text_sha256, sig, _bands(sig), threshold, exclude)

    def _find(
        self, text_sha256: str, sig: Signature | None, bands: list[int] | None, threshold: float, exclude: str | None
    ) -> str | None:
        """:meth:`find`, with the band hashes of ``sig`` computed already."""
        by_band = None if bands is None else [self._by_band[b].get(h) for b, h in enumerate(bands)]
        return self._match(text_sha256, sig, self._by_sha.get(key(text_sha256)), by_band, threshold, exclude)

    def _match(
        self,
        text_sha256: str,
        sig: Signature | None,
        by_sha: list[int],
        by_band: list[list[int]] | None,
        threshold: float,
        exclude: str | None,
    ) -> str | None:
        """:meth:`find` among the positions the text's digest and its bands map to."""
        for position in sorted(by_sha):
            if self._state[position] != FIRST:
                continue
            entry = self._entry(position)
            if entry.text_sha256 == text_sha256 and entry.doc_id != exclude:
                return entry.doc_id
        if sig is None or by_band is None:
            return None
        candidates = sorted({p for positions in by_band for p in positions})
        best: tuple[float, int] | None = None
        for position in candidates:
            if self._state[position] != FIRST:
                continue
            # The signature alone, and the doc_id only for a match: a candidate read from
            # a mapped file then brings one page into memory, not one per column.
            other = self._signature(position)
            if other is None:
                continue
            score = similarity(sig, other)
            if score >= threshold and (best is None or score > best[0]) and self._doc_id(position) != exclude:
                best = (score, position)
        return None if best is None else self._doc_id(best[1])


def flag(index: SignatureIndex, doc_id: str, text: str, text_sha256: str) -> str | None:
    """``duplicate_of`` for one article, and the index updated: the article is recorded as a
    first copy or as a copy (so every copy points at the first copy seen, never at a copy)."""
    return flag_signed(index, doc_id, signature(text), text_sha256)


def flag_signed(index: SignatureIndex, doc_id: str, sig: Signature | None, text_sha256: str) -> str | None:
    """:func:`flag` for a text whose signature was computed already (in a worker process).

    The document itself (met again: a rerun, ``--reprocess``) is never its own first copy;
    its entry is replaced.
    """
    bands = _bands(sig)  # hashed once, for the lookup and for the entry
    first = index._find(text_sha256, sig, bands, THRESHOLD, doc_id)
    index._add(Entry(doc_id, text_sha256, sig if first is None else None, first), bands if first is None else None)
    return first


def flag_many(index: SignatureIndex, docs: Sequence[tuple[str, Signature | None, str]]) -> list[str | None]:
    """:func:`flag_signed` for each ``(doc_id, signature, text_sha256)`` of a batch, in turn.

    The same answers and the same index afterwards, but the lookups among the entries that
    were in the index before the batch are made for the whole batch at once: two binary
    searches per lookup table and batch instead of per table and document (16 bands, the
    digests, the doc_ids), which made flagging most of a big run's commit time. Entries
    not yet merged into the sorted part (the batch's own, and those added since the last
    merge) are found among the lookups' pending additions, which stay pending until the
    batch is done: a batch flagged in several calls costs no merge per call.
    """
    lookups = [index._by_doc, index._by_sha, *index._by_band]
    doc_keys = [key(doc_id) for doc_id, _sig, _sha in docs]
    sha_keys = [key(sha) for _doc_id, _sig, sha in docs]
    signed = [i for i, (_doc_id, sig, _sha) in enumerate(docs) if sig is not None]
    bands = np.zeros((len(docs), BANDS), np.uint32)
    if signed:
        sigs = np.frombuffer(b"".join(docs[i][1] or b"" for i in signed), dtype="<u4").reshape(len(signed), NUM_PERM)
        bands[signed] = band_hashes(sigs)
    earlier_doc = index._by_doc.get_many(np.array(doc_keys, np.uint64))
    earlier_sha = index._by_sha.get_many(np.array(sha_keys, np.uint64))
    earlier_band = [lookup.get_many(bands[:, b]) for b, lookup in enumerate(index._by_band)]
    band_rows = bands.tolist()
    flags: list[str | None] = []
    for lookup in lookups:
        lookup.hold = True
    try:
        for i, (doc_id, sig, sha) in enumerate(docs):
            row = band_rows[i] if sig is not None else None
            by_band = (
                None
                if row is None
                else [earlier_band[b][i] + index._by_band[b].pending.get(h, []) for b, h in enumerate(row)]
            )
            by_sha = earlier_sha[i] + index._by_sha.pending.get(sha_keys[i], [])
            first = index._match(sha, sig, by_sha, by_band, THRESHOLD, doc_id)
            old = index._live_among(doc_id, earlier_doc[i] + index._by_doc.pending.get(doc_keys[i], []))
            entry = Entry(doc_id, sha, sig if first is None else None, first)
            index._add(entry, row if first is None else None, old)
            flags.append(first)
    finally:
        for lookup in lookups:
            lookup.hold = False
            if lookup.pending_count >= lookup.PENDING:
                lookup.freeze()
    return flags


def _bands(sig: Signature | None) -> list[int] | None:
    """The band hashes of one signature (None for none)."""
    return None if sig is None else band_hashes(values(sig))[0].tolist()


def _concat(batches: Sequence[pa.RecordBatch]) -> pa.RecordBatch:
    """One record batch of ``batches`` (of :data:`ENTRY_SCHEMA`), copied only when several."""
    return batches[0] if len(batches) == 1 else pa.concat_batches(batches)
