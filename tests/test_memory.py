"""flows.memory: freed memory goes back to the system between batches."""

from __future__ import annotations

import sys

import pyarrow as pa
import pytest

from flows import memory


def test_releasing_unused_memory_after_freeing_a_table_leaves_arrow_and_python_working() -> None:
    pool = pa.default_memory_pool()
    table = pa.table({"text": [f"article {i} " * 50 for i in range(20_000)]})
    assert pool.bytes_allocated() >= table.nbytes
    in_use = pool.bytes_allocated() - table.nbytes
    del table
    memory.release_unused()
    memory.release_unused()  # twice: nothing left to give back is no error
    assert pool.bytes_allocated() <= in_use + 1024  # what was freed is not held as allocated
    again = pa.table({"n": list(range(1000))})
    assert again.column("n").to_pylist()[-1] == 999


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim is Linux only")
def test_the_c_heap_is_trimmed_through_glibc_on_linux() -> None:
    trim = memory._malloc_trim()
    if trim is None:  # a Linux without glibc (musl): nothing to call, release_unused skips it
        pytest.skip("no malloc_trim in this libc")
    assert trim(0) in (0, 1)


def test_arrow_buffers_come_from_the_c_heap_unless_the_environment_names_a_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = pa.default_memory_pool()
    try:
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
        pa.set_memory_pool(before)
        memory.use_c_heap_for_arrow()
        assert pa.default_memory_pool().backend_name == before.backend_name  # the user's choice stands

        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        memory.use_c_heap_for_arrow()
        assert pa.default_memory_pool().backend_name == "system"
        table = pa.table({"n": list(range(1000))})
        assert pa.system_memory_pool().bytes_allocated() >= table.nbytes
    finally:
        pa.set_memory_pool(before)
