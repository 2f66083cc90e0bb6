"""Nothing escapes: output paths stay under the output root, folder walks stay under the
input root, and parsing a page reads no local file and opens no connection."""

from __future__ import annotations

import http.server
import os
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from cleaners.document import ArticleRecord, process_document
from flows.discover import InputFile, Unlisted, walk_inputs
from flows.paths import UnsafePath, below, check_component
from flows.run import RunContext
from flows.write import part_name, partition_dir, write_part, write_records, write_table_atomically

ARTICLE = "".join(
    f"<p>{s}</p>"
    for s in (
        "The city council approved the new budget on Tuesday after a debate that lasted four hours.",
        "The mayor said the plan would fund schools, buses and the renovation of public housing.",
        "Opposition members criticised the rise in local fees and asked for an independent audit.",
    )
)

HOSTILE_NAMES = ["../escape", "/etc/passwd", "a/../../b", "..", "nul\x00byte", "x" * 300, "back\\slash", ""]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=repr)
def test_path_components_that_could_leave_the_root_are_refused(name: str) -> None:
    with pytest.raises(UnsafePath):
        check_component(name)


def test_paths_below_the_root_are_built_from_checked_components(tmp_path: Path) -> None:
    assert below(str(tmp_path), "articles/ingest_date=2026-01-02", "part-1.parquet") == str(
        tmp_path / "articles" / "ingest_date=2026-01-02" / "part-1.parquet"
    )
    for rel in ("/etc", "articles/../../etc", "articles/\x00", "..", "a/" + "y" * 256):
        with pytest.raises(UnsafePath):
            below(str(tmp_path), rel)


@pytest.mark.parametrize("run_id", ["../../outside", "/tmp/abs", "a/b", "nul\x00", "z" * 300])
def test_a_run_id_that_would_leave_the_output_root_is_refused(run_id: str) -> None:
    with pytest.raises(UnsafePath):
        part_name(run_id, 0)


def test_writer_puts_files_only_below_the_output_root_whatever_the_records_hold(tmp_path: Path) -> None:
    """Source paths and metadata are data: they never become part of a path."""
    output = tmp_path / "out"
    record = process_document(f"<html><body>{ARTICLE}</body></html>".encode(), "page.html")
    assert isinstance(record, ArticleRecord)
    hostile = "../../../../etc/cron.d/x\x00" + "/" * 10 + "y" * 4000
    record = ArticleRecord(
        **{**record.__dict__, "source_path": hostile, "title": hostile, "publisher": "../../p", "authors": [hostile]}
    )
    run = RunContext.start()
    written = write_records([record], [], str(output), run, 0)
    assert written
    for path in written:
        assert os.path.realpath(path).startswith(os.path.realpath(output) + os.sep)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_writer_refuses_a_run_whose_date_or_id_would_leave_the_root(tmp_path: Path) -> None:
    class Sneaky(RunContext):
        @property
        def ingest_date(self) -> str:
            return "x/../../../escaped"

    run = Sneaky("r1", "manual", datetime.now(UTC))
    with pytest.raises(UnsafePath):
        partition_dir(str(tmp_path), "articles", run)
    table = pa.table({"a": [1]})
    with pytest.raises(UnsafePath):
        write_table_atomically(table, str(tmp_path), "../escaped.parquet")
    with pytest.raises(UnsafePath):
        write_part(str(tmp_path), "../elsewhere", "part-x.parquet", table)
    assert list(tmp_path.iterdir()) == []


# Folder walks.


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    """in/{a.txt, sub/b.txt, link-in -> sub, link-out -> ../outside, file-out -> ../outside/c.txt}"""
    root, outside = tmp_path / "in", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.txt").write_text("b")
    (outside / "c.txt").write_text("c")
    os.symlink(root / "sub", root / "link-in")
    os.symlink(outside, root / "link-out")
    os.symlink(outside / "c.txt", root / "file-out")
    os.symlink("..", root / "sub" / "up")  # a loop back to the root
    return root


def walked(root: Path, follow: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in walk_inputs(str(root), follow_symlinks=follow):
        rel = os.path.relpath(item.path, root)
        out[rel] = "file" if isinstance(item, InputFile) else item.reason
    return out


def test_folder_walk_does_not_follow_links_out_of_the_input_root(linked_tree: Path) -> None:
    found = walked(linked_tree, follow=False)
    assert found["link-out"] == "symlink_outside"
    assert found["file-out"] == "symlink_outside"
    assert not any(rel.startswith("link-out/") for rel in found)
    assert found["a.txt"] == found["sub/b.txt"] == "file"


def test_folder_walk_follows_links_out_of_the_root_only_when_asked(linked_tree: Path) -> None:
    found = walked(linked_tree, follow=True)
    assert found["link-out/c.txt"] == "file"
    assert found["file-out"] == "file"


def test_folder_walk_enters_each_folder_once_despite_link_loops(linked_tree: Path) -> None:
    found = walked(linked_tree, follow=False)
    files = [rel for rel, kind in found.items() if kind == "file"]
    assert sorted(files) == ["a.txt", "sub/b.txt"]  # link-in and sub/up lead to folders already walked


def test_walk_reports_what_it_skips_instead_of_losing_it(tmp_path: Path) -> None:
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    items = list(walk_inputs(str(tmp_path)))
    assert [(type(i), i.reason) for i in items if isinstance(i, Unlisted)] == [(Unlisted, "dangling_symlink")]


# Parsing: no external entities, no network.


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        body = b'<!ENTITY remote "REMOTE-ENTITY-CONTENT">'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    """A loopback HTTP server that records every request; its base URL."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every outgoing connection attempt from Python code, refused and recorded."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access attempted during parsing")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connect(None, a[0] if a else None))  # type: ignore[arg-type]
    assert real_connect is not connect
    return attempts


def xxe_pages(secret: Path, base: str) -> dict[str, str]:
    local = f"file://{secret}"
    return {
        "xxe-file.html": (
            f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "{local}">]>\n'
            f"<html><head><title>Budget</title></head><body><article>{ARTICLE}<p>&xxe;</p></article></body></html>"
        ),
        "xxe-http.html": (
            f'<!DOCTYPE html [<!ENTITY remote SYSTEM "{base}/entity">]>\n'
            f"<html><head><title>Budget</title></head><body><article>{ARTICLE}<p>&remote;</p></article></body></html>"
        ),
        "external-dtd.xhtml": (
            f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html SYSTEM "{base}/evil.dtd">\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Budget</title></head>'
            f"<body><article>{ARTICLE}<p>&remote;</p></article></body></html>"
        ),
        "parameter-entity.html": (
            f'<!DOCTYPE html [<!ENTITY % dtd SYSTEM "{base}/param.dtd"> %dtd; '
            f'<!ENTITY secret SYSTEM "{local}">]>\n'
            f"<html><body><article>{ARTICLE}<p>&secret;</p></article></body></html>"
        ),
        "billion-laughs.html": (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
            + f"]><html><body><article>{ARTICLE}<p>&lol9;</p></article></body></html>"
        ),
    }


SECRET = "TOP-SECRET-LOCAL-FILE-CONTENT"


@pytest.mark.parametrize("name", ["xxe-file.html", "xxe-http.html", "external-dtd.xhtml", "parameter-entity.html"])
def test_pages_with_external_entities_read_no_file_and_open_no_connection(
    tmp_path: Path, listener: str, no_connections: list[object], name: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    page = xxe_pages(secret, listener)[name]
    record = process_document(page.encode(), name)
    text = record.text if isinstance(record, ArticleRecord) else ""
    title = record.title if isinstance(record, ArticleRecord) else ""
    assert SECRET not in text and SECRET not in (title or "")
    assert "REMOTE-ENTITY-CONTENT" not in text
    assert _Recorder.hits == []  # nothing reached the loopback server (libxml2's own client included)
    assert no_connections == []  # nothing even tried from Python
    if isinstance(record, ArticleRecord):
        assert "city council approved the new budget" in text


def test_entity_expansion_bombs_are_not_expanded(tmp_path: Path, listener: str) -> None:
    page = xxe_pages(tmp_path / "none", listener)["billion-laughs.html"]
    record = process_document(page.encode(), "lol.html")
    text = record.text if isinstance(record, ArticleRecord) else ""
    assert "lollollol" not in text
