"""Hostile and broken input: every input gets its article or its reject, and the run goes on.

The bad-input corpus is built at test time in a temporary folder (nothing downloaded,
nothing large committed) and goes through ONE real ``ingest`` flow run; each case then
checks its own outcome in the datasets that run wrote. Unit tests of
:func:`cleaners.document.process_document` pin down the details.
"""

from __future__ import annotations

import gzip
import io
import os
import random
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from cleaners.document import ArticleRecord, Limits, RejectRecord, process_document
from cleaners.engine import clean_text
from cleaners.rule_tables import generic_rules
from tests.conftest import SEEDS

ARTICLE = "article"
MiB = 1024 * 1024

# A per-document limit short enough that the slow 20 MB page runs into it (trafilatura
# needs well over ten seconds for it), long enough for every other input (well under one).
RUN_MAX_SECONDS = 3.0

# News text in the languages of the legacy encodings; a headline, then paragraphs.
FRENCH = (
    "Le conseil municipal vote le budget\n\n"
    "Le conseil municipal de Besançon a adopté mardi soir un budget de 212 millions d’euros, "
    "après un débat de près de quatre heures marqué par des échanges très vifs.\n\n"
    "« C’est un budget de responsabilité », a déclaré la maire, qui a défendu la hausse des "
    "dépenses consacrées aux écoles, à la rénovation thermique et aux crèches.\n\n"
    "L’opposition a dénoncé une fiscalité trop lourde pour les ménages et réclamé un audit "
    "des dépenses de fonctionnement, jugées « hors de contrôle » depuis trois ans.\n"
)
SPANISH = (
    "El Gobierno aprueba el plan de vivienda\n\n"
    "El Consejo de Ministros aprobó este martes un plan de vivienda dotado con 3.000 millones "
    "de euros, que según el Gobierno permitirá construir 40.000 pisos en cinco años.\n\n"
    "La ministra señaló que la prioridad será el alquiler asequible para jóvenes y familias "
    "con niños, y anunció una línea de avales para la compra de la primera vivienda.\n\n"
    "La oposición criticó que el plan llega tarde y pidió más ayudas para los municipios "
    "pequeños, donde la despoblación sigue siendo el principal problema.\n"
)
GERMAN = (
    "Stadtrat beschließt neuen Haushalt\n\n"
    "Der Stadtrat von Zürich hat am Dienstag nach langer Debatte einen Haushalt beschlossen, "
    "der höhere Ausgaben für Schulen und öffentliche Verkehrsmittel vorsieht.\n\n"
    "Die Bürgermeisterin sprach von einem „ausgewogenen Kompromiss“, während die Opposition "
    "die gestiegenen Gebühren für Müllabfuhr und Straßenreinigung kritisierte.\n\n"
    "Über die Verwendung der Überschüsse aus dem Vorjahr soll im Frühjahr entschieden werden.\n"
)
JAPANESE = (
    "東京都、新たな防災計画を発表\n\n"
    "東京都は二十日、首都直下地震に備えた新たな防災計画を発表した。避難所の数を今後五年間で"
    "一・五倍に増やし、高齢者や障害者のための福祉避難所も拡充する方針だ。\n\n"
    "知事は記者会見で「都民の命を守ることが最優先だ」と述べ、住宅の耐震化への補助金を"
    "来年度から大幅に引き上げる考えを示した。\n\n"
    "専門家からは、計画の実効性を高めるために地域の訓練を増やすべきだとの声が上がっている。\n"
)


def body_paragraphs(text: str) -> list[str]:
    """The paragraphs after the headline."""
    return [p.strip() for p in text.split("\n\n")[1:] if p.strip()]


@dataclass(frozen=True)
class Case:
    """One input of the corpus and what the run must make of it."""

    expect: str  # ARTICLE, or a reject reason code
    contains: tuple[str, ...] = ()  # for articles: text the record must hold
    absent: tuple[str, ...] = ()  # for articles: text it must not hold
    root_skip: str | None = None  # why this case cannot be staged when running as root


def paragraphs(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())


def keeps(text: str) -> Case:
    """An article holding every body paragraph of ``text``."""
    return Case(ARTICLE, contains=tuple(body_paragraphs(text)))


def seed_bytes() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]


def distinct(raw: bytes, n: int) -> bytes:
    """Seed bytes made distinct (a run stores identical bytes once) by a last paragraph."""
    return raw.rstrip() + f"\n\nThe council will meet again on day {n} of the session.\n".encode()


def html_page(body: str, *, head: str = "", title: str = "Council approves the budget") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def seed_article_html() -> str:
    paragraphs = [p for p in SEEDS.joinpath(seed_bytes()[0][0]).read_text().split("\n") if p.strip()]
    return "<article>" + "".join(f"<p>{p}</p>\n" for p in paragraphs[1:]) + "</article>"


def gzip_bomb(inflated: int) -> bytes:
    """Gzip data inflating to ``inflated`` zero bytes (about a thousandth of that)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        chunk = bytes(MiB)
        for _ in range(inflated // MiB):
            gz.write(chunk)
    return out.getvalue()


def slow_html(size: int) -> str:
    """A page of ``size`` characters of short paragraphs: parsing it takes trafilatura long."""
    paragraph = "<p>The council debated the budget line by line, and every line took a vote.</p>\n"
    return html_page("<article>" + paragraph * (size // len(paragraph)) + "</article>")


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("article.txt", FRENCH)
    return out.getvalue()


PAYWALL_ONLY = (
    "You’ve reached your limit of free articles this month.\n"
    "Subscribe now for unlimited access.\n"
    "Already a subscriber? Log in\n"
)


Maker = Callable[[Path], None]  # writes one input at the given path


def data(content: bytes | str | Callable[[], bytes | str]) -> Maker:
    def make(path: Path) -> None:
        value = content() if callable(content) else content
        path.write_bytes(value.encode("utf-8") if isinstance(value, str) else value)

    return make


def symlink(target: str) -> Maker:
    return lambda path: os.symlink(target, path)


def unreadable(content: bytes) -> Maker:
    def make(path: Path) -> None:
        path.write_bytes(content)
        path.chmod(0)

    return make


def bulky_page() -> str:
    blob = "A" * (20 * MiB)
    image = f'<img src="data:image/png;base64,{blob[: 4 * MiB]}">'
    return html_page(seed_article_html() + image, head=f"<script>var state = '{blob}';</script>")


DEEP = 100_000
META_SAYS_UTF8 = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
PROSE = "a power vacuum on the Syrian side of the Golan"


def corpus_plan() -> list[tuple[str, Case, Maker]]:
    """Every input of the run: name, expected outcome, and how to write it (lazily)."""
    seeds = seed_bytes()
    first = seeds[0][1]
    first_text = first.decode() + "\n"
    german_html = "<article>" + "".join(f"<p>{p}</p>" for p in body_paragraphs(GERMAN)) + "</article>"
    french_html = "<article>" + "".join(f"<p>{p}</p>" for p in body_paragraphs(FRENCH)) + "</article>"
    damaged_german = (
        GERMAN.encode("utf-8")
        .replace(b"Haushalt beschlossen", b"Haushalt \xff\xfe beschlossen")
        .replace(b"Opposition", b"Oppo\xc3(sition")
    )
    scripts = "<script>document.write('<p>' + 'Council approves the budget'.repeat(20) + '</p>');</script>" * 20
    awkward = ["..double-dot..txt", "-leading-dash.txt", "line\nbreak.txt", "x" * 240 + ".txt", "semi;colon 'q'.txt"]
    plan: list[tuple[str, Case, Maker]] = [(name, Case(ARTICLE), data(raw)) for name, raw in seeds]
    plan += [(name, Case(ARTICLE), data(distinct(seeds[n % len(seeds)][1], n))) for n, name in enumerate(awkward)]
    plan += [
        # Nothing in it.
        ("empty.txt", Case("empty"), data(b"")),
        ("whitespace-only.txt", Case("empty"), data(b" \n\t\r\n   \n")),
        # Binaries.
        ("picture.png", Case("binary"), data(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)),
        ("document.pdf", Case("binary"), data(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")),
        ("archive.zip", Case("binary"), data(zip_bytes)),
        ("random.bin", Case("undecodable"), data(random.Random(6).randbytes(64 * 1024))),
        # Text with damage: NUL bytes, invalid UTF-8.
        ("nul-bytes.txt", Case(ARTICLE, contains=(PROSE,)), data(first.replace(b". ", b".\x00 ", 5) + b"\x00\x00")),
        ("invalid-utf8.txt", Case(ARTICLE, contains=("Zürich", "Bürgermeisterin", "\ufffd")), data(damaged_german)),
        # Legacy and UTF-16 encodings: decoded right, they are articles like any other.
        ("cp1252.txt", keeps(FRENCH), data(FRENCH.encode("cp1252"))),
        ("latin-1.txt", keeps(SPANISH), data(SPANISH.encode("latin-1"))),
        ("shift-jis.txt", keeps(JAPANESE), data(JAPANESE.encode("shift_jis"))),
        ("utf-16-bom.txt", keeps(GERMAN), data(GERMAN.encode("utf-16"))),
        (
            "utf-16le-no-bom.txt",
            keeps(FRENCH),
            data(FRENCH.encode("utf-16-le")),
        ),
        (
            "utf-16be-no-bom.txt",
            keeps(SPANISH),
            data(SPANISH.encode("utf-16-be")),
        ),
        # Compressed: cut short, and a bomb.
        ("truncated.txt.gz", Case("bad_gzip"), data(gzip.compress(first)[:300])),
        ("bomb.txt.gz", Case("too_large"), data(lambda: gzip_bomb(256 * MiB))),
        # Enormous: 50 MB of text; a 20 MB page slow to parse; a 25 MB page that is mostly
        # inline data around a normal article; a single 10 MB line.
        ("huge-50mb.txt", Case("too_large"), data(lambda: first_text * (50 * MiB // len(first_text) + 1))),
        ("huge-20mb.html", Case("timeout"), data(lambda: slow_html(20 * MiB))),
        ("bulky-inline-25mb.html", Case(ARTICLE, contains=(PROSE,)), data(bulky_page)),
        ("one-line-10mb.txt", Case("too_large"), data(lambda: "word " * (2 * MiB))),
        # Pages built to hurt parsers, and pages with nothing to extract.
        (
            "nested-100k.html",
            Case("no_main_text"),
            data(lambda: html_page("<div>" * DEEP + seed_article_html() + "</div>" * DEEP)),
        ),
        (
            "nested-100k-after-article.html",
            Case(ARTICLE, contains=(PROSE,)),
            data(lambda: html_page(seed_article_html() + "<div>" * DEEP + "<p>deep</p>" + "</div>" * DEEP)),
        ),
        ("no-body.html", Case("no_main_text"), data("<html><head><title>Budget</title></head></html>")),
        ("only-scripts.html", Case("no_main_text"), data(html_page(scripts, head="<script src='app.js'></script>"))),
        (
            "meta-charset-lies-latin1.html",  # says ISO-8859-1, is UTF-8
            Case(ARTICLE, contains=("Der Stadtrat von Zürich", "„ausgewogenen Kompromiss“"), absent=("Ã",)),
            data(html_page(german_html, head='<meta charset="iso-8859-1">').encode("utf-8")),
        ),
        (
            "meta-charset-lies-utf8.html",  # says UTF-8, is windows-1252
            keeps(FRENCH),
            data(
                html_page(
                    french_html, head='<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                ).encode("cp1252")
            ),
        ),
        ("paywall-only.txt", Case("only_boilerplate"), data(PAYWALL_ONLY)),
        (
            "paywall-only.html",
            Case("only_boilerplate"),
            data(html_page('<div class="paywall">' + paragraphs(PAYWALL_ONLY) + "</div>")),
        ),
        # Not regular files, or not there by the time they are read.
        ("loop-a", Case("symlink_loop"), symlink("loop-b")),
        ("loop-b", Case("symlink_loop"), symlink("loop-a")),
        ("self-loop", Case("symlink_loop"), symlink("self-loop")),
        ("dangling-link.txt", Case("dangling_symlink"), symlink("no-such-file.txt")),
        ("link-out-of-root.txt", Case("symlink_outside"), symlink(os.path.join("..", "outside", "secret.txt"))),
        ("named-pipe.txt", Case("not_a_file"), os.mkfifo),
        ("unreadable.txt", Case("unreadable", root_skip=ROOT_READS_ANYWAY), unreadable(distinct(seeds[1][1], 99))),
        (DELETED, Case("missing"), data(distinct(seeds[2][1], 98))),
    ]
    return plan


SECRET = "Outside secret: this file lies outside the input folder and must not be read."


def build_corpus(inputs: Path) -> dict[str, Case]:
    """Write the corpus under ``inputs``, and a secret file beside it (``../outside``)."""
    inputs.mkdir(parents=True)
    outside = inputs.parent / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text((SECRET + "\n") * 5)
    cases: dict[str, Case] = {}
    for name, case, make in corpus_plan():
        make(inputs / name)
        cases[name] = case
    return cases


DELETED = "deleted-after-discovery.txt"
ROOT_READS_ANYWAY = (
    "running as root: permission bits do not stop root from reading, so an unreadable file "
    "cannot be staged in the run (test_unreadable_file_is_an_unreadable_reject_for_a_real_user "
    "checks it for real, as an unprivileged user)"
)


def delete_after_discovery(walk: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """``walk_inputs`` that deletes one file as soon as it has listed it."""

    def walking(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in walk(*args, **kwargs):
            yield item
            if Path(item.path).name == DELETED:
                os.unlink(item.path)

    return walking


@dataclass
class RunResult:
    cases: dict[str, Case]
    inputs: Path
    output: Path
    report: Any
    articles: dict[str, dict[str, Any]]
    rejects: dict[str, dict[str, Any]]
    sources: list[str]  # every source_path written, duplicates kept


def read_rows(output: Path, dataset: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted((output / dataset).glob("ingest_date=*/*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """The whole corpus through one real ``ingest`` flow run."""
    import flows.discover
    from flows.ingest import ingest

    work = tmp_path_factory.mktemp("bad-input")
    inputs, output = work / "in", work / "out"
    cases = build_corpus(inputs)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(flows.discover, "walk_inputs", delete_after_discovery(flows.discover.walk_inputs))
        report = ingest(input=str(inputs), output=str(output), max_seconds=RUN_MAX_SECONDS)
    articles = read_rows(output, "articles")
    rejects = read_rows(output, "rejects")
    key = lambda row: os.path.relpath(row["source_path"], inputs)  # noqa: E731
    return RunResult(
        cases=cases,
        inputs=inputs,
        output=output,
        report=report,
        articles={key(r): r for r in articles},
        rejects={key(r): r for r in rejects},
        sources=[key(r) for r in articles + rejects],
    )


CASE_NAMES = [name for name, _, _ in corpus_plan()]


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.parametrize("name", CASE_NAMES, ids=lambda n: n.replace("\n", "\\n")[:60])
def test_each_input_of_the_bad_corpus_gets_its_expected_article_or_reject(bad_run: RunResult, name: str) -> None:
    case = bad_run.cases[name]
    if case.root_skip and running_as_root():
        pytest.skip(case.root_skip)
    if case.expect == ARTICLE:
        reject = bad_run.rejects.get(name)
        assert name in bad_run.articles, f"rejected: {reject and (reject['reason'], reject['detail'])}"
        text = bad_run.articles[name]["text"]
        for piece in case.contains:
            assert piece in text
        for piece in case.absent:
            assert piece not in text
    else:
        assert name not in bad_run.articles
        assert name in bad_run.rejects, "neither an article nor a reject"
        assert bad_run.rejects[name]["reason"] == case.expect, bad_run.rejects[name]["detail"]


def test_every_input_of_the_bad_run_is_recorded_exactly_once(bad_run: RunResult) -> None:
    assert sorted(bad_run.sources) == sorted(bad_run.cases)


def test_every_good_document_of_the_bad_run_is_written(bad_run: RunResult) -> None:
    good = {name for name, case in bad_run.cases.items() if case.expect == ARTICLE}
    assert good <= set(bad_run.articles)
    assert bad_run.report.articles_written == len(bad_run.articles)


def test_reject_rows_say_why_in_words(bad_run: RunResult) -> None:
    for name, row in bad_run.rejects.items():
        assert row["reason"] and row["detail"], name


def test_timeout_reject_names_the_limit_and_the_documents_after_it_are_processed(bad_run: RunResult) -> None:
    row = bad_run.rejects["huge-20mb.html"]
    assert f"{RUN_MAX_SECONDS:g}-second" in row["detail"]
    assert row["raw_sha256"] and row["raw_bytes"] > 20 * 10**6
    later = [n for n, c in bad_run.cases.items() if c.expect == ARTICLE and n > "huge-20mb.html"]
    assert later and all(n in bad_run.articles for n in later)


def test_nul_bytes_are_dropped_and_the_text_is_otherwise_the_seeds(bad_run: RunResult) -> None:
    seed_name = seed_bytes()[0][0]
    assert bad_run.articles["nul-bytes.txt"]["text"] == bad_run.articles[seed_name]["text"]
    assert "\x00" not in bad_run.articles["nul-bytes.txt"]["text"]


def test_nothing_behind_a_link_out_of_the_input_folder_is_read(bad_run: RunResult) -> None:
    assert all(SECRET not in row["text"] for row in bad_run.articles.values())


def test_output_files_stay_under_the_output_root_whatever_the_input_names(bad_run: RunResult) -> None:
    root = os.path.realpath(bad_run.output)
    written = [os.path.realpath(os.path.join(d, f)) for d, _, files in os.walk(bad_run.output) for f in files]
    assert written
    assert all(path.startswith(root + os.sep) for path in written)
    parent = bad_run.output.parent
    assert sorted(p.name for p in parent.iterdir()) == ["in", "out", "outside"]
    assert [p.name for p in (parent / "outside").iterdir()] == ["secret.txt"]


# Unit tests of process_document: the details behind the run's outcomes.


def test_gzip_bomb_is_too_large_without_inflating_past_the_cap() -> None:
    limits = Limits(max_decompressed_bytes=MiB)
    record = process_document(gzip_bomb(64 * MiB), "bomb.txt.gz", limits)
    assert isinstance(record, RejectRecord)
    assert record.reason == "too_large"
    assert str(MiB) in record.detail


def test_gzip_within_the_cap_is_decompressed_and_cleaned() -> None:
    record = process_document(gzip.compress(FRENCH.encode()), "article.txt.gz")
    assert isinstance(record, ArticleRecord)
    assert body_paragraphs(FRENCH)[0] in record.text


def test_gzip_name_on_bytes_that_are_not_gzip_is_bad_gzip() -> None:
    record = process_document(FRENCH.encode(), "article.txt.gz")
    assert isinstance(record, RejectRecord) and record.reason == "bad_gzip"


def test_raw_bytes_over_the_cap_are_too_large() -> None:
    record = process_document(FRENCH.encode(), "a.txt", Limits(max_raw_bytes=100))
    assert isinstance(record, RejectRecord) and record.reason == "too_large"


def test_text_over_max_text_chars_is_too_large_and_text_at_the_cap_is_cleaned() -> None:
    raw = FRENCH.encode()
    over = process_document(raw, "a.txt", Limits(max_text_chars=len(FRENCH) - 1))
    assert isinstance(over, RejectRecord) and over.reason == "too_large"
    assert "character" in over.detail
    at_cap = process_document(raw, "a.txt", Limits(max_text_chars=len(FRENCH)))
    assert isinstance(at_cap, ArticleRecord)


def test_extracted_text_of_a_page_counts_against_max_text_chars_not_its_markup() -> None:
    page = html_page(seed_article_html(), head="<style>" + "p { margin: 0 }\n" * 4000 + "</style>").encode()
    article = process_document(page, "page.html")
    assert isinstance(article, ArticleRecord)
    capped = process_document(page, "page.html", Limits(max_text_chars=len(article.text) // 2))
    assert isinstance(capped, RejectRecord) and capped.reason == "too_large"
    roomy = 2 * len(article.text) + 1000
    assert roomy < len(page) // 2
    assert isinstance(process_document(page, "page.html", Limits(max_text_chars=roomy)), ArticleRecord)


def test_page_whose_bulk_is_inline_scripts_and_data_uris_still_gives_its_article() -> None:
    record = process_document(bulky_page().encode(), "bulky.html")
    assert isinstance(record, ArticleRecord)
    assert PROSE in record.text
    assert "AAAAAAAA" not in record.text


def test_ten_megabyte_single_line_is_cleaned_when_the_cap_allows_it() -> None:
    line = "Share this article. You have reached your limit of free articles | " * (10 * MiB // 68)
    record = process_document(line.encode(), "line.txt", Limits(max_text_chars=11 * MiB))
    assert isinstance(record, ArticleRecord)  # too long for any rule: kept as it is
    assert record.char_count == len(line.strip())


def test_ten_megabyte_single_line_goes_through_every_generic_rule_without_backtracking() -> None:
    from flows.limits import time_limit

    for unit in ("a ", " |", "Share ", "{{x}} ", "&nbsp;", "–— ", "\u00a0x"):
        line = unit * (10 * MiB // len(unit))
        with time_limit(120):  # a hang becomes a failure; the work takes seconds
            result = clean_text(line, generic_rules(), lift_title=True)
        assert not result.removals


def test_paywall_page_with_no_article_is_only_boilerplate_with_its_kinds() -> None:
    record = process_document(PAYWALL_ONLY.encode(), "paywall.txt")
    assert isinstance(record, RejectRecord) and record.reason == "only_boilerplate"
    assert "paywall" in record.detail


NOBODY = 65534


def read_as(uid: int, path: Path) -> str:
    """The outcome of ``read_input`` on ``path`` in a child process running as ``uid``."""
    from flows.discover import InputFile
    from flows.read import read_input

    item = InputFile(str(path), path.stat().st_size, path.stat().st_mtime)
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, read, report, and leave at once
        try:
            os.setgid(uid)
            os.setuid(uid)
            record = read_input(item, 10_000)
            message = record.reason if isinstance(record, RejectRecord) else "read"
        except BaseException as exc:
            message = f"error: {exc!r}"
        os.write(wfd, message.encode())
        os._exit(0)
    os.close(wfd)
    try:
        return os.read(rfd, 1000).decode()
    finally:
        os.close(rfd)
        os.waitpid(pid, 0)


def test_unreadable_file_is_an_unreadable_reject_for_a_real_user() -> None:
    """Permission bits for real: when we are root the read runs as ``nobody`` in a child."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    uid = NOBODY if running_as_root() else os.getuid()
    folder = Path(tempfile.mkdtemp(prefix="presswash-perm-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        readable, locked = folder / "readable.txt", folder / "locked.txt"
        readable.write_text(FRENCH)
        locked.write_text(FRENCH)
        readable.chmod(0o644)
        locked.chmod(0)
        assert read_as(uid, readable) == "read"  # the user can reach the folder
        assert read_as(uid, locked) == "unreadable"
    finally:
        shutil.rmtree(folder)


def test_file_deleted_between_discovery_and_reading_is_missing(tmp_path: Path) -> None:
    from flows.discover import InputFile
    from flows.process import process_items

    path = tmp_path / "gone.txt"
    path.write_text(FRENCH)
    item = InputFile(str(path), path.stat().st_size, path.stat().st_mtime)
    path.unlink()
    outcome = process_items([item], Limits())
    assert [(r.reason, r.source_path) for r in outcome.rejects] == [("missing", str(path))]


def test_read_stops_at_the_raw_cap_without_reading_the_whole_file(tmp_path: Path) -> None:
    from flows.discover import InputFile
    from flows.read import read_input

    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(64 * MiB)  # sparse: 64 MiB that cost nothing to write
    record = read_input(InputFile(str(path), 64 * MiB, 0.0), MiB)
    assert isinstance(record, RejectRecord) and record.reason == "too_large"


def test_read_returns_every_byte_of_a_file_that_grew_after_its_size_was_taken(tmp_path: Path) -> None:
    from flows.read import _read_capped

    path = tmp_path / "growing.txt"
    payload = os.urandom(300_000)
    path.write_bytes(payload)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_capped(fd, 10, MiB) == payload  # fstat said 10 bytes; the file has more
    finally:
        os.close(fd)


def test_read_of_a_file_under_the_cap_is_its_bytes_and_of_an_empty_file_is_empty(tmp_path: Path) -> None:
    from flows.discover import InputFile
    from flows.read import read_input

    path = tmp_path / "small.txt"
    path.write_bytes(b"x" * 1000)
    assert read_input(InputFile(str(path), 1000, 0.0), 1000) == b"x" * 1000
    path.write_bytes(b"")
    assert read_input(InputFile(str(path), 0, 0.0), 1000) == b""
    path.write_bytes(b"x" * 1001)
    record = read_input(InputFile(str(path), 1001, 0.0), 1000)
    assert isinstance(record, RejectRecord) and record.reason == "too_large"


def test_zlib_refuses_more_than_the_cap_in_one_call() -> None:
    """The bomb guard relies on ``max_length``: zlib inflates no more than asked."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    assert len(inflater.decompress(gzip_bomb(8 * MiB), MiB + 1)) == MiB + 1


REASON_CODES = [
    "empty",
    "binary",
    "undecodable",
    "bad_gzip",
    "too_large",
    "timeout",
    "no_main_text",
    "only_boilerplate",
    "missing",
    "unreadable",
    "not_a_file",
    "symlink_loop",
    "dangling_symlink",
    "symlink_outside",
    "internal_error",
    "worker_crashed",
]


def test_readme_lists_every_reject_reason_and_every_limit_with_its_default() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in REASON_CODES:
        assert f"| `{code}` |" in readme, code
    limits = Limits()
    for option, default in (
        ("--max-raw-bytes", limits.max_raw_bytes),
        ("--max-decompressed-bytes", limits.max_decompressed_bytes),
        ("--max-text-chars", limits.max_text_chars),
        ("--max-seconds", limits.max_seconds),
    ):
        assert f"| `{option}` | {default:,g} " in readme or f"| `{option}` | {default:,} " in readme, option


def test_the_bad_corpus_exercises_the_reject_reasons_of_bad_input() -> None:
    expected = {case.expect for _, case, _ in corpus_plan()} - {ARTICLE}
    assert expected == set(REASON_CODES) - {"internal_error", "worker_crashed"}


def test_file_that_became_a_fifo_after_discovery_is_not_a_file_and_does_not_hang(tmp_path: Path) -> None:
    from flows.discover import InputFile
    from flows.read import read_input

    path = tmp_path / "was-a-file.txt"
    os.mkfifo(path)  # nobody ever writes to it: a blocking open would wait forever
    record = read_input(InputFile(str(path), 10, 0.0), 1000)
    assert isinstance(record, RejectRecord) and record.reason == "not_a_file"


def test_path_that_became_a_folder_after_discovery_is_not_a_file(tmp_path: Path) -> None:
    from flows.discover import InputFile
    from flows.read import read_input

    path = tmp_path / "was-a-file.txt"
    path.mkdir()
    record = read_input(InputFile(str(path), 10, 0.0), 1000)  # opens; reading it is refused (EISDIR)
    assert isinstance(record, RejectRecord) and record.reason == "not_a_file"
