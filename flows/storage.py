"""Where inputs are read from and datasets written to: local folders or object stores.

A location is either a plain local path, kept as an ``os`` path (fast, and the symlink
and containment checks of :mod:`flows.discover` apply), or a URL such as
``s3://bucket/prefix`` served by fsspec (s3fs for S3). Credentials and endpoint come
from the usual variables (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
``AWS_SESSION_TOKEN``, ``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL``, ``AWS_PROFILE``),
which botocore reads itself; ``--storage-option KEY=VALUE`` passes anything else to the
filesystem (dotted keys nest: ``client_kwargs.region_name=eu-west-1``).

Object stores have no rename: a file is written in one PUT, so it appears whole or not
at all, which is the same guarantee the local ``temp + os.replace`` gives.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from flows.discover import InputFile, Unlisted

if TYPE_CHECKING:
    import pyarrow as pa

    from cleaners.document import RejectRecord

StorageOptions = dict[str, Any]

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")

# Options given on the command line for this process (set by the flow at its start):
# the writer in the flow process reads them from here.
_options: StorageOptions = {}


def is_remote(path: str) -> bool:
    """True for ``proto://…`` URLs other than ``file://``."""
    match = _URL.match(path)
    return match is not None and match.group(1).lower() not in ("file", "local")


def local_path(path: str) -> str:
    """A ``file://`` URL as a plain path; plain paths unchanged."""
    return path[len("file://") :] if path.lower().startswith("file://") else path


def parse_storage_options(pairs: list[str] | tuple[str, ...]) -> StorageOptions:
    """``["KEY=VALUE", …]`` as filesystem options; values are JSON when they parse as JSON."""
    options: StorageOptions = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"storage option {pair!r} is not KEY=VALUE")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        target = options
        *parents, leaf = key.strip().split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return options


def set_options(options: Mapping[str, Any] | None) -> None:
    """The storage options of this run, for writers in this process."""
    _options.clear()
    _options.update(options or {})


def current_options() -> StorageOptions:
    return dict(_options)


def filesystem(url: str, options: Mapping[str, Any] | None = None) -> Any:
    """The fsspec filesystem serving ``url`` (fsspec caches instances per arguments)."""
    import fsspec

    match = _URL.match(url)
    protocol = match.group(1).lower() if match else "file"
    merged = {**_options, **(options or {})}
    return fsspec.filesystem(protocol, **merged)


def _strip(url: str) -> str:
    return _URL.sub("", url, count=1)


def _protocol(url: str) -> str:
    match = _URL.match(url)
    return match.group(1).lower() if match else "file"


def exists(path: str, options: Mapping[str, Any] | None = None) -> bool:
    """Whether a local path or an object (or prefix holding objects) exists."""
    if not is_remote(path):
        return os.path.exists(local_path(path))
    fs = filesystem(path, options)
    return bool(fs.exists(_strip(path)))


def walk(
    root: str, *, follow_symlinks: bool = False, options: Mapping[str, Any] | None = None
) -> Iterator[InputFile | Unlisted]:
    """Every input under ``root``, lazily: local folders or object-store prefixes."""
    if not is_remote(root):
        from flows.discover import walk_inputs

        yield from walk_inputs(local_path(root), follow_symlinks=follow_symlinks)
        return
    yield from _walk_remote(root, options)


def _walk_remote(root: str, options: Mapping[str, Any] | None) -> Iterator[InputFile | Unlisted]:
    fs = filesystem(root, options)
    protocol = _protocol(root)
    path = _strip(root).rstrip("/")
    if fs.isfile(path):
        info = fs.info(path)
        yield InputFile(f"{protocol}://{path}", int(info.get("size") or 0), _mtime(info))
        return
    if protocol in ("s3", "s3a") and hasattr(fs, "_iterdir"):
        infos: Iterator[dict[str, Any]] = _s3_pages(fs, path)
    else:
        infos = _fsspec_walk(fs, path)
    for info in infos:
        name = str(info["name"])
        if name.endswith("/"):
            continue  # a "folder" marker object
        yield InputFile(f"{protocol}://{name}", int(info.get("size") or 0), _mtime(info))


def _s3_pages(fs: Any, path: str) -> Iterator[dict[str, Any]]:
    """Keys under ``path`` in key order, one listing page at a time (never the whole list)."""
    from fsspec.asyn import sync

    bucket, _, prefix = path.partition("/")
    prefix = f"{prefix}/" if prefix else ""
    pages = fs._iterdir(bucket, delimiter="", prefix=prefix)
    while True:
        try:
            info = sync(fs.loop, pages.__anext__)
        except StopAsyncIteration:
            return
        yield info


def _fsspec_walk(fs: Any, path: str) -> Iterator[dict[str, Any]]:
    """Other fsspec filesystems: folder by folder, names sorted within each."""
    for _folder, _dirs, files in fs.walk(path, detail=True):
        for name in sorted(files):
            yield files[name]


def _mtime(info: Mapping[str, Any]) -> float:
    stamp = info.get("LastModified") or info.get("mtime") or info.get("last_modified")
    if stamp is None:
        return 0.0
    if hasattr(stamp, "timestamp"):
        return float(stamp.timestamp())
    try:
        return float(stamp)
    except (TypeError, ValueError):
        return 0.0


def read_remote(item: InputFile, max_bytes: int, options: Mapping[str, Any] | None = None) -> bytes | RejectRecord:
    """An object's bytes (at most ``max_bytes`` + 1 read), or a reject saying why not."""
    from cleaners.document import RejectRecord  # here: listing and walking need no cleaners

    if item.size > max_bytes:
        return RejectRecord(item.path, None, item.size, "too_large", f"over the {max_bytes}-byte cap")
    fs = filesystem(item.path, options)
    try:
        # One GET. No byte range: some servers refuse a range on an empty object, and
        # the listed size was checked above (and the length is checked again below).
        data = fs.cat_file(_strip(item.path))
    except FileNotFoundError:
        return RejectRecord(item.path, None, None, "missing", "object vanished between discovery and reading")
    except PermissionError as exc:
        return RejectRecord(item.path, None, None, "unreadable", str(exc) or "permission denied")
    except OSError as exc:
        return RejectRecord(item.path, None, None, "unreadable", str(exc))
    if len(data) > max_bytes:
        return RejectRecord(item.path, None, item.size, "too_large", f"over the {max_bytes}-byte cap")
    return bytes(data)


def write_table_remote(table: pa.Table, folder: str, name: str, compression: str) -> str:
    """Write ``table`` as ``folder/name`` in a single PUT: the object appears whole."""
    # Imported here: the command line checks its --storage-option values with this module
    # before it starts the temporary API server, which pyarrow's import (~0.13 s) delayed.
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression=compression)
    final = f"{folder.rstrip('/')}/{name}"
    fs = filesystem(final)
    fs.pipe_file(_strip(final), sink.getvalue().to_pybytes())
    return final
