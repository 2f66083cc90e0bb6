"""The ledger's compact tables behave like the dicts they replace, and a base written from
them replays to the same state."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from flows.ledger import DEL, PUT, SEEN, Ledger, Op, ledger_dir
from flows.ledger_tables import Entries, Entry, KeySet, Seen, SortedMap


def sha(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


@pytest.fixture(autouse=True)
def small_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SortedMap, "MERGE_AT", 7)  # exercise merges, dead rows and compaction


def test_entries_match_a_dict_under_random_puts_and_removals() -> None:
    rng = random.Random(7)
    entries, model = Entries(), dict[str, Entry]()
    keys = [sha(i) for i in range(300)] + [f"path:/in/{i}.txt" for i in range(20)]
    for _ in range(4000):
        key = rng.choice(keys)
        if rng.random() < 0.35:
            assert entries.pop(key) == model.pop(key, None)
        else:
            entry = Entry(f"articles/part-{rng.randrange(9)}.parquet", rng.choice([None, "empty", "too_large"]))
            entries.put(key, entry)
            model[key] = entry
        assert len(entries) == len(model)
    for key in keys:
        assert entries.get(key) == model.get(key)
        assert (key in entries) == (key in model)
    assert dict(entries.items()) == model
    # keys whose hex is not lowercase sha256 are kept apart, never folded into a digest
    entries.put(sha(1).upper(), Entry("x", None))
    assert sha(1).upper() in entries and entries.get(sha(1)) == model.get(sha(1))


def test_two_keys_sharing_their_first_eight_bytes_stay_apart() -> None:
    m = SortedMap(16, [("v", "<i4")])
    a, b = b"\x01" * 8 + b"A" * 8, b"\x01" * 8 + b"B" * 8
    for i in range(20):  # others around them, merged in between
        m.set(bytes([i]) * 16, (i,))
    m.set(a, (100,))
    m.merge()
    m.set(b, (200,))
    m.merge()
    assert m.get(a) == (100,) and m.get(b) == (200,)
    keys = np.frombuffer(a + b + b"\xfe" * 16, dtype="V16")
    assert m.contains_many(keys).tolist() == [True, True, False]
    m.remove(a)
    assert m.get(a) is None and m.get(b) == (200,)
    assert m.contains_many(keys).tolist() == [False, True, False]


def test_seen_and_key_set_match_their_models() -> None:
    rng = random.Random(3)
    seen, model = Seen(), dict[str, tuple[int, float, str]]()
    run_keys, key_model = KeySet(), set[str]()
    paths = [f"/data/in/{i}/article-é-{i}.txt" for i in range(200)]
    for _ in range(2000):
        path = rng.choice(paths)
        key = sha(rng.randrange(50)) if rng.random() < 0.9 else f"path:{path}"
        value = (rng.randrange(10_000), rng.random() * 1e9, key)
        seen.put(path, *value)
        model[path] = value
        run_keys |= [key]
        key_model.add(key)
    for path in [*paths, "/never/seen"]:
        assert seen.get(path) == model.get(path)
    assert len(seen) == len(model)
    assert len(run_keys) == len(key_model)
    assert all(k in run_keys for k in key_model) and sha(999) not in run_keys


def test_a_base_written_from_the_tables_replays_to_the_same_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("flows.ledger.BASE_CHUNK_ROWS", 50)  # several chunks each way
    ledger = Ledger(str(tmp_path))
    ops: list[Op] = []
    for i in range(400):
        key = sha(i) if i % 13 else f"path:/in/{i}"
        ops.append(
            Op(PUT, key, f"articles/ingest_date=2026-01-01/part-r-{i // 100:05d}.parquet", None if i % 5 else "empty")
        )
        ops.append(Op(SEEN, key, source_path=f"/in/{i}.txt", size=i, mtime=i + 0.5))
    ops += [Op(DEL, sha(i)) for i in range(1, 400, 7)]  # their seen rows must not reach the base
    ledger.apply(ops)
    ledger.write_base()
    expected = sorted(ledger.state_ops(), key=repr)
    assert not any(op.op == SEEN and op.key not in ledger.entries for op in expected)
    assert len([op for op in expected if op.op == PUT]) == len(ledger)

    again = Ledger(str(tmp_path))
    again.load()
    assert sorted(again.state_ops(), key=repr) == expected
    assert [n for n in (tmp_path / "_state" / "ledger").iterdir()] == [
        Path(ledger_dir(str(tmp_path))) / "base-000000000000.parquet"
    ]
    assert again.file_refs == ledger.file_refs


def test_a_base_loads_whatever_its_keys_and_paths_look_like(tmp_path: Path) -> None:
    """Upper-case hex and short keys are no digests (they go one at a time), and a path
    that is not UTF-8 (kept with surrogate escapes) comes back exactly."""
    odd_path = b"/in/caf\xe9.txt".decode("utf-8", "surrogateescape")
    ops = [
        Op(PUT, sha(1), "articles/a.parquet"),
        Op(SEEN, sha(1), source_path=odd_path, size=10, mtime=2.5),
        Op(PUT, sha(2).upper(), "articles/a.parquet", "empty"),
        Op(SEEN, sha(2).upper(), source_path="/in/upper.txt", size=3, mtime=1.0),
        Op(PUT, "abc", "rejects/r.parquet", "binary"),
        Op(PUT, sha(3), "rejects/r.parquet", "binary"),
        Op(SEEN, sha(3), source_path="/in/r.bin", size=7, mtime=0.0),
    ]
    ledger = Ledger(str(tmp_path))
    ledger.apply(ops)
    ledger.write_base()
    again = Ledger(str(tmp_path))
    again.load()
    assert sorted(again.state_ops(), key=repr) == sorted(ledger.state_ops(), key=repr)
    assert again.seen.get(odd_path) == (10, 2.5, sha(1))
    assert again.entries.get(sha(3)) == Entry("rejects/r.parquet", "binary")
    assert again.file_refs == {"articles/a.parquet": 2, "rejects/r.parquet": 2}


def test_a_base_with_deletions_or_repeated_keys_is_replayed_in_order(tmp_path: Path) -> None:
    from flows.ledger import _ops_table
    from flows.write import write_table_atomically

    ops = [
        Op(PUT, sha(1), "articles/a.parquet"),
        Op(PUT, sha(2), "articles/a.parquet"),
        Op(PUT, sha(1), "articles/b.parquet"),  # the later put wins
        Op(DEL, sha(2)),
        Op(SEEN, sha(1), source_path="/in/1.txt", size=1, mtime=1.0),
    ]
    write_table_atomically(_ops_table(ops), ledger_dir(str(tmp_path)), "base-000000000003.parquet")
    ledger = Ledger(str(tmp_path))
    ledger.load()
    assert ledger.entries.get(sha(1)) == Entry("articles/b.parquet", None)
    assert sha(2) not in ledger and len(ledger) == 1
    assert ledger.file_refs == {"articles/b.parquet": 1}
    assert ledger.seen.get("/in/1.txt") == (1, 1.0, sha(1))
    assert ledger.last_seq == 3


def test_the_ledger_compacts_once_its_segments_hold_half_as_many_operations_as_its_base(tmp_path: Path) -> None:
    from flows.lock import output_lock

    def commit_batch(ledger: Ledger, first: int, count: int, part: int) -> None:
        ops = [Op(PUT, sha(i), "articles/part.parquet") for i in range(first, first + count)]
        ops += [Op(SEEN, sha(i), source_path=f"/in/{i}.txt", size=i, mtime=1.0) for i in range(first, first + count)]
        ledger.commit(ops, "r", part)

    out = str(tmp_path)
    with output_lock(out):
        ledger = Ledger(out)
        commit_batch(ledger, 0, 100, 0)
        assert not ledger.compact_if_needed()  # one segment: nothing to fold
        commit_batch(ledger, 100, 100, 1)
        assert ledger.compact_if_needed()  # an empty base: any growth is enough
        assert ledger.base_ops == 400
        commit_batch(ledger, 200, 50, 2)
        commit_batch(ledger, 250, 50, 3)
        assert not ledger.compact_if_needed()  # 200 operations on a base of 400
        commit_batch(ledger, 300, 10, 4)
        assert ledger.compact_if_needed()  # 220 > half of 400
    again = Ledger(out)
    again.load()
    assert len(again) == 310 and again.segments_since_base == 0


def test_looking_up_a_chunk_of_inputs_agrees_with_looking_each_up(tmp_path: Path) -> None:
    from flows.discover import InputFile

    rng = random.Random(3)
    ledger = Ledger(str(tmp_path))
    for i in range(300):
        key = sha(i) if i % 17 else f"path:/in/{i}.txt"  # a few keys that are no digest
        ledger.apply(
            [Op(PUT, key, "articles/p.parquet"), Op(SEEN, key, source_path=f"/in/{i}.txt", size=i, mtime=i + 0.5)]
        )
    ledger.apply([Op(DEL, sha(i)) for i in range(5, 300, 23)])  # seen, but their row is gone
    items = [
        InputFile(f"/in/{i}.txt", i + (rng.random() < 0.2), i + 0.5 + (rng.random() < 0.2)) for i in range(0, 340, 3)
    ]
    expected = [ledger.unchanged(item) for item in items]
    assert ledger.unchanged_many(items) == expected
    assert any(expected) and not all(expected)


def test_two_paths_sharing_a_hash_are_never_taken_for_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.discover import InputFile

    monkeypatch.setattr("flows.ledger_tables.path_hash", lambda path: b"\x07" * 16)
    ledger = Ledger(str(tmp_path))
    ledger.apply([Op(PUT, sha(1), "a.parquet"), Op(SEEN, sha(1), source_path="/in/a.txt", size=1, mtime=1.0)])
    assert ledger.unchanged_many([InputFile("/in/a.txt", 1, 1.0), InputFile("/in/b.txt", 1, 1.0)]) == [True, False]
