"""The ledger's in-memory tables, kept in numpy arrays instead of Python dicts.

A ledger holds a few facts per document ever ingested (its key, the part file holding its
row, the path, size and mtime it was last seen at). As Python dicts and objects that is
~550 bytes a document, and a long-lived output reaches millions of them. Here a key is
stored as the 32 bytes its sha256 hex stands for, a part file or reject reason as a small
integer, a path once in a shared byte buffer: ~200 bytes a document.

:class:`SortedMap` is the building block: fixed-width byte keys mapped to rows of a numpy
structured dtype, the settled part sorted by the key's first 8 bytes (found by binary
search), recent changes in a small dict folded in every :attr:`SortedMap.MERGE_AT`
changes. Keys that are not sha256 hex digests (``path:…`` keys of inputs that could not be
read: a few) stay in plain dicts beside it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from cleaners.names import Names

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX_PAIRS = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2").view(np.uint16)
DIGEST_BYTES = 32
PATH_HASH_BYTES = 16

Row = tuple[Any, ...]


def digest(key: str) -> bytes | None:
    """The 32 bytes a lowercase sha256 hex key stands for; None for any other key."""
    return bytes.fromhex(key) if len(key) == 64 and _HEX64.fullmatch(key) else None


def hex_array(digests: np.ndarray) -> pa.Array:
    """32-byte digests (a ``V32`` array) as an Arrow array of lowercase hex strings."""
    n = len(digests)
    raw = np.frombuffer(np.ascontiguousarray(digests).tobytes(), dtype=np.uint8)
    text = _HEX_PAIRS[raw].tobytes()
    offsets = np.arange(0, 2 * DIGEST_BYTES * (n + 1), 2 * DIGEST_BYTES, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(text))


def encode_path(path: str) -> bytes:
    """A path's exact bytes: the surrogate escapes ``os.walk`` gives a file name that is
    not UTF-8 go back to the bytes they stand for."""
    return path.encode("utf-8", "surrogateescape")


def decode_path(raw: bytes) -> str:
    """The inverse of :func:`encode_path`."""
    return raw.decode("utf-8", "surrogateescape")


def path_hash(path: str) -> bytes:
    return hashlib.blake2b(encode_path(path), digest_size=PATH_HASH_BYTES).digest()


class SortedMap:
    """Fixed-width byte keys → rows of a numpy structured ``dtype``.

    ``prefix`` (the key's first 8 bytes as uint64) is sorted; ``full`` holds the whole keys,
    ``rows`` the values, ``alive`` False for removed entries (dropped at the next merge once
    a quarter of the arrays is dead). ``recent`` holds the changes since the last merge
    (None: removed).
    """

    MERGE_AT = 4096

    def __init__(self, width: int, dtype: Any) -> None:
        self.width = width
        self.dtype = np.dtype(dtype)
        self.prefix = np.empty(0, np.uint64)
        self.full = np.empty(0, f"V{width}")
        self.rows = np.empty(0, self.dtype)
        self.alive = np.empty(0, np.bool_)
        self.dead = 0
        self.recent: dict[bytes, Row | None] = {}
        self.size = 0

    def __len__(self) -> int:
        return self.size

    @property
    def nbytes(self) -> int:
        return int(self.prefix.nbytes + self.full.nbytes + self.rows.nbytes + self.alive.nbytes)

    def _slot(self, k: bytes) -> int:
        """The position of ``k`` in the settled arrays (alive or not), or -1."""
        p = np.uint64(int.from_bytes(k[:8], "little"))
        i = int(self.prefix.searchsorted(p))
        n = len(self.prefix)
        while i < n and self.prefix[i] == p:
            if self.full[i].tobytes() == k:
                return i
            i += 1
        return -1

    def get(self, k: bytes) -> Row | None:
        if k in self.recent:
            return self.recent[k]
        i = self._slot(k)
        if i < 0 or not self.alive[i]:
            return None
        return tuple(self.rows[i].item())

    def __contains__(self, k: object) -> bool:
        return isinstance(k, bytes) and self.get(k) is not None

    def set(self, k: bytes, row: Row) -> None:
        if self.get(k) is None:
            self.size += 1
        self.recent[k] = row
        if len(self.recent) >= self.MERGE_AT:
            self.merge()

    def remove(self, k: bytes) -> bool:
        if self.get(k) is None:
            return False
        self.size -= 1
        self.recent[k] = None
        if len(self.recent) >= self.MERGE_AT:
            self.merge()
        return True

    def merge(self) -> None:
        """Fold the recent changes into the sorted arrays."""
        new_keys: list[bytes] = []
        new_rows: list[Row] = []
        for k, row in self.recent.items():
            i = self._slot(k)
            if i >= 0:
                if row is None:
                    if self.alive[i]:
                        self.alive[i] = False
                        self.dead += 1
                else:
                    if not self.alive[i]:
                        self.alive[i] = True
                        self.dead -= 1
                    self.rows[i] = row
            elif row is not None:
                new_keys.append(k)
                new_rows.append(row)
        self.recent = {}
        if new_keys:
            self._insert(
                np.frombuffer(b"".join(new_keys), dtype=f"V{self.width}"), np.array(new_rows, dtype=self.dtype)
            )
        if self.dead and self.dead * 4 >= len(self.prefix):
            keep = self.alive
            self.prefix, self.full, self.rows = self.prefix[keep], self.full[keep], self.rows[keep]
            self.alive = np.ones(len(self.prefix), np.bool_)
            self.dead = 0

    def _insert(self, full: np.ndarray, rows: np.ndarray) -> None:
        prefix = _prefixes(full)
        order = np.argsort(prefix, kind="stable")
        prefix, full, rows = prefix[order], full[order], rows[order]
        at = self.prefix.searchsorted(prefix, side="right")
        self.prefix = np.insert(self.prefix, at, prefix)
        self.full = np.insert(self.full, at, full)
        self.rows = np.insert(self.rows, at, rows)
        self.alive = np.insert(self.alive, at, np.ones(len(prefix), np.bool_))

    def extend(self, keys: list[bytes], rows: list[Row]) -> None:
        """Add entries known to be absent (a base's rows into an empty map), in bulk."""
        if keys:
            self._insert(np.frombuffer(b"".join(keys), dtype=f"V{self.width}"), np.array(rows, dtype=self.dtype))
            self.size += len(keys)

    def has_duplicates(self) -> bool:
        """Some key is in the settled arrays twice (only :meth:`extend` could do that)."""
        same = np.flatnonzero(self.prefix[1:] == self.prefix[:-1])
        return any(self.full[i].tobytes() == self.full[i + 1].tobytes() for i in same.tolist())

    def settled(self) -> tuple[np.ndarray, np.ndarray]:
        """Every live entry as (keys, rows) arrays, ordered by key prefix."""
        self.merge()
        if self.dead:
            return self.full[self.alive], self.rows[self.alive]
        return self.full, self.rows

    def contains_many(self, full: np.ndarray) -> np.ndarray:
        """For each key of ``full`` (a ``V<width>`` array), whether it is in the map."""
        return self.slots(full) >= 0

    def slots(self, full: np.ndarray) -> np.ndarray:
        """For each key of ``full`` (a ``V<width>`` array), its live row in the settled
        arrays (after folding in the recent changes), or -1."""
        self.merge()
        found = np.full(len(full), -1, np.int64)
        if not len(full) or not len(self.prefix):
            return found
        prefix = _prefixes(full)
        at = self.prefix.searchsorted(prefix)
        inside = at < len(self.prefix)
        candidates = np.flatnonzero(inside)
        candidates = candidates[self.prefix[at[candidates]] == prefix[candidates]]
        mine = _as_bytes(self.full[at[candidates]], self.width)
        theirs = _as_bytes(full[candidates], self.width)
        same = (mine == theirs).all(axis=1) & self.alive[at[candidates]]
        found[candidates[same]] = at[candidates[same]]
        # Two keys sharing their first 8 bytes: settle the rest one by one.
        for i in candidates[~same].tolist():
            slot = self._slot(full[i].tobytes())
            found[i] = slot if slot >= 0 and self.alive[slot] else -1
        return found


def _prefixes(full: np.ndarray) -> np.ndarray:
    width = full.dtype.itemsize
    raw = np.ascontiguousarray(full).view(np.uint8).reshape(-1, width)[:, :8]
    return np.ascontiguousarray(raw).view("<u8").reshape(-1).astype(np.uint64)


def _as_bytes(full: np.ndarray, width: int) -> np.ndarray:
    return np.ascontiguousarray(full).view(np.uint8).reshape(-1, width)


@dataclass(frozen=True, slots=True)
class Entry:
    data_file: str  # below the output root, "/"-separated
    reason: str | None  # None for an article, the reject reason otherwise


class Entries:
    """key → :class:`Entry`: which part file holds each key's row (and its reject reason)."""

    ROW = np.dtype([("file", "<i4"), ("reason", "<i4")])  # reason -1: an article

    def __init__(self) -> None:
        self.map = SortedMap(DIGEST_BYTES, self.ROW)
        self.other: dict[str, Row] = {}  # keys that are not sha256 digests (path:…)
        self.files = Names()
        self.reasons = Names()

    def _entry(self, row: Row | None) -> Entry | None:
        if row is None:
            return None
        return Entry(self.files.names[row[0]], None if row[1] < 0 else self.reasons.names[row[1]])

    def _row(self, key: str) -> Row | None:
        d = digest(key)
        return self.other.get(key) if d is None else self.map.get(d)

    def get(self, key: str) -> Entry | None:
        return self._entry(self._row(key))

    def __getitem__(self, key: str) -> Entry:
        entry = self.get(key)
        if entry is None:
            raise KeyError(key)
        return entry

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._row(key) is not None

    def __len__(self) -> int:
        return len(self.map) + len(self.other)

    def put(self, key: str, entry: Entry) -> None:
        row = (self.files.id(entry.data_file), -1 if entry.reason is None else self.reasons.id(entry.reason))
        d = digest(key)
        if d is None:
            self.other[key] = row
        else:
            self.map.set(d, row)

    def pop(self, key: str) -> Entry | None:
        """Remove ``key``; its entry, or None when it had none."""
        d = digest(key)
        if d is None:
            return self._entry(self.other.pop(key, None))
        old = self._entry(self.map.get(d))
        if old is not None:
            self.map.remove(d)
        return old

    def items(self) -> Iterator[tuple[str, Entry]]:
        """Every (key, entry): Python objects one at a time, for the rare full walks."""
        for key, row in list(self.other.items()):
            entry = self._entry(row)
            assert entry is not None
            yield key, entry
        full, rows = self.map.settled()
        for i in range(len(full)):
            entry = self._entry(tuple(rows[i].item()))
            assert entry is not None
            yield full[i].tobytes().hex(), entry


class KeySet:
    """A set of ledger keys (those one run committed), compact like :class:`Entries`."""

    def __init__(self) -> None:
        self.map = SortedMap(DIGEST_BYTES, [("x", "u1")])
        self.other: set[str] = set()

    def add(self, key: str) -> None:
        d = digest(key)
        if d is None:
            self.other.add(key)
        elif d not in self.map:
            self.map.set(d, (0,))

    def __ior__(self, keys: Iterable[str]) -> KeySet:
        for key in keys:
            self.add(key)
        return self

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        d = digest(key)
        return key in self.other if d is None else d in self.map

    def __len__(self) -> int:
        return len(self.map) + len(self.other)


class Seen:
    """source path → (size, mtime, key) as last seen: the stat cache."""

    ROW = np.dtype(
        [("size", "<i8"), ("mtime", "<f8"), ("key", f"V{DIGEST_BYTES}"), ("path_at", "<i8"), ("path_len", "<i4")]
    )

    def __init__(self) -> None:
        self.map = SortedMap(PATH_HASH_BYTES, self.ROW)
        self.other: dict[str, tuple[int, float, str]] = {}  # paths seen under a key that is no digest
        self.paths = bytearray()  # every path once, utf-8; rows point into it

    def __len__(self) -> int:
        return len(self.map) + len(self.other)

    def get(self, path: str) -> tuple[int, float, str] | None:
        found = self.other.get(path)
        if found is not None:
            return found
        row = self.map.get(path_hash(path))
        if row is None:
            return None
        size, mtime, key, at, n = row
        if bytes(self.paths[at : at + n]) != encode_path(path):
            return None  # two paths with the same 128-bit hash: never seen, but never wrong either
        return int(size), float(mtime), bytes(key).hex()

    def lookup_many(self, paths: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """For many paths at once: which have a row (a bool mask) and those rows, in order.

        Paths kept apart (:attr:`other`) are not looked up here: ask :meth:`get`.
        """
        if not paths:
            return np.zeros(0, np.bool_), np.empty(0, self.ROW)
        hashes = np.frombuffer(b"".join(map(path_hash, paths)), dtype=f"V{PATH_HASH_BYTES}")
        slots = self.map.slots(hashes)
        hit = slots >= 0
        rows = self.map.rows[slots[hit]]
        # A 128-bit hash shared by two paths: the row is the other path's, so not a hit.
        same = [
            self.paths[at : at + n] == encode_path(paths[i])
            for i, at, n in zip(
                np.flatnonzero(hit).tolist(), rows["path_at"].tolist(), rows["path_len"].tolist(), strict=True
            )
        ]
        keep = np.array(same, np.bool_)
        hit[np.flatnonzero(hit)[~keep]] = False
        return hit, rows[keep]

    def put(self, path: str, size: int, mtime: float, key: str) -> None:
        h = path_hash(path)
        d = digest(key)
        if d is None:
            self.map.remove(h)
            self.other[path] = (size, mtime, key)
            return
        self.other.pop(path, None)
        old = self.map.get(h)
        if old is not None:
            at, n = int(old[3]), int(old[4])
        else:
            raw = encode_path(path)
            at, n = len(self.paths), len(raw)
            self.paths += raw
        self.map.set(h, (size, mtime, d, at, n))

    def path_array(self, rows: np.ndarray) -> pa.Array:
        """The paths of ``rows`` (of :attr:`ROW`) as an Arrow string array."""
        lengths = rows["path_len"].astype(np.int64)
        offsets = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        with memoryview(self.paths) as blob:  # slices of it, joined: no index array per byte
            data = b"".join(blob[at : at + n] for at, n in zip(rows["path_at"].tolist(), lengths.tolist(), strict=True))
        return pa.StringArray.from_buffers(
            len(rows), pa.py_buffer(offsets.astype(np.int32).tobytes()), pa.py_buffer(data)
        )
