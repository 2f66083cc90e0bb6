"""``make eval``: presswash against bare trafilatura and noisy-text converters.

    .venv/bin/python -m eval.run [--part report|tuning] [--workers 2] [--limit N] [--html-modes fast,precise]

Scores the part of ``eval/split.json`` it is given (``report`` by default) and prints
one table per path. Converter and baseline outputs do not depend on presswash and are
cached under ``eval/out/cache/``; presswash runs afresh every time. Per-page details
(with-snippets lost, without-snippets leaked, every removal by noise kind) go to
``eval/out/<part>/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from multiprocessing import Pool
from pathlib import Path
from typing import Any, NamedTuple

from cleaners import document
from cleaners.decode import decode_bytes
from cleaners.document import ArticleRecord, inspect_document
from cleaners.html import DEFAULT_HTML_MODE, HtmlMode, check_html_mode
from cleaners.normalize import normalize_text
from cleaners.repetition import RepeatedLines, count_documents
from eval.converters import BASELINES, CONVERTERS
from eval.metrics import FieldScore, Score, culprits, present, same_day, score, shares_an_author, title_agrees
from eval.split import DEFAULT_CORPUS, SPLIT_FILE, tuning_half

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SAMPLES_PER_KIND = 3


@dataclass(frozen=True)
class Page:
    url: str
    file: str
    path: str
    site: str
    with_: list[str]
    without: list[str]


class Metadata(NamedTuple):
    """The record's title, published_at (ISO) and authors: what the metadata table compares."""

    title: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()


@dataclass
class PageResult:
    page: Page
    texts: dict[str, str]  # system name → text
    removals: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # path → (rule, kind, text)
    seconds: float = 0.0
    # presswash's HTML systems: their mode, and the extracted text before cleaning (what
    # an ingest counts to learn a site's repeated lines).
    html_modes: dict[str, HtmlMode] = field(default_factory=dict)
    extracted: dict[str, str] = field(default_factory=dict)
    # Each system's metadata: the HTML path's is the page's own (from its markup), each
    # text path's what presswash read from the text.
    meta: dict[str, Metadata] = field(default_factory=dict)


def converter_cache_key() -> str:
    versions = [version(p) for p in ("trafilatura", "inscriptis", "html2text", "readability-lxml", "lxml")]
    return hashlib.sha256("|".join([*versions, "v2"]).encode()).hexdigest()[:12]


PARTS = ("report", "tuning", "tuning-a", "tuning-b")


def load_pages(corpus: Path, part: str) -> list[Page]:
    """The pages of one part of the split; ``tuning-a`` and ``tuning-b`` are the tuning
    part's halves by site (:func:`eval.split.tuning_half`)."""
    evaldata: dict[str, dict[str, Any]] = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    split = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    whole, _, half = part.partition("-")
    sites = {site: files for site, files in split["parts"][whole].items() if not half or tuning_half(site) == half}
    site_of_file = {f: site for site, files in sites.items() for f in files}
    pages: list[Page] = []
    for url, item in evaldata.items():
        name = str(item["file"])
        if name not in site_of_file:
            continue
        path = corpus / "eval" / name
        if not path.exists():
            path = corpus / "cache" / name
        if not path.exists():
            continue
        pages.append(Page(url, name, str(path), site_of_file[name], list(item["with"]), list(item["without"])))
    return sorted(pages, key=lambda p: p.file)


def _removals(record: object, result: object) -> list[tuple[str, str, str]]:
    removals = getattr(result, "removals", ()) or ()
    return [(r.rule, r.kind, r.text) for r in removals]


@dataclass
class Cleaned:
    text: str  # presswash's text ("" for a reject)
    removals: list[tuple[str, str, str]]
    source: str  # the text the cleaners were given ("" when nothing got that far)
    meta: Metadata = field(default_factory=Metadata)


def presswash_text(
    raw: bytes,
    name: str,
    repeated: RepeatedLines | None = None,
    site: str | None = None,
    html_mode: HtmlMode = DEFAULT_HTML_MODE,
) -> Cleaned:
    """presswash's text for one input. A headline that text cleaning lifted out of the
    body into the ``title`` column is moved, not removed: it counts as kept."""
    record, result = inspect_document(raw, name, repeated=repeated, site=site, html_mode=html_mode)
    source = result.source if result is not None else ""
    if not isinstance(record, ArticleRecord):
        return Cleaned("", _removals(record, result), source)
    removals = _removals(record, result)
    lifted = [text for _, kind, text in removals if kind == "title"]
    text = "\n\n".join([*lifted, record.text])
    published = record.published_at.isoformat() if record.published_at else None
    meta = Metadata(record.title, published, tuple(record.authors))
    return Cleaned(text, [r for r in removals if r[1] != "title"], source, meta)


def cached_conversions(page: Page, cache_dir: Path, raw: bytes | None = None) -> dict[str, str]:
    """Every baseline's and converter's text for ``page``, from ``cache_dir``; what is
    missing there is converted now and cached."""
    cache_file = cache_dir / f"{page.file}.json"
    cached: dict[str, str] = {}
    if cache_file.exists():
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
    missing = [name for name in {**BASELINES, **CONVERTERS} if name not in cached]
    if missing:
        html = decode_bytes(raw if raw is not None else Path(page.path).read_bytes()).text
        for name in missing:
            cached[name] = {**BASELINES, **CONVERTERS}[name](html)
        cache_file.write_text(json.dumps(cached, ensure_ascii=False), encoding="utf-8")
    return cached


def convert_page(args: tuple[Page, str, tuple[HtmlMode, ...]]) -> PageResult:
    """Baselines and converters (cached), and presswash on the raw HTML in each mode: the
    first mode's text is ``presswash``, another's ``presswash (mode)``."""
    page, cache_dir, modes = args
    started = time.perf_counter()
    raw = Path(page.path).read_bytes()
    cached = cached_conversions(page, Path(cache_dir), raw)
    res = PageResult(page, {name: cached[name] for name in BASELINES})
    for i, mode in enumerate(modes):
        system = "presswash" if i == 0 else f"presswash ({mode})"
        _record_html(res, system, mode, presswash_text(raw, "page.html", html_mode=mode))
    for name in CONVERTERS:
        res.texts[f"{name}:raw"] = cached[name]
    res.seconds = time.perf_counter() - started
    return res


def _record_html(res: PageResult, system: str, mode: HtmlMode, cleaned: Cleaned) -> None:
    res.texts[system], res.html_modes[system], res.extracted[system] = cleaned.text, mode, cleaned.source
    res.meta[system] = cleaned.meta
    if system == "presswash":
        res.removals["html"] = cleaned.removals


_REPEATED: dict[str, RepeatedLines] = {}


def _set_repeated(learned: dict[str, RepeatedLines]) -> None:
    _REPEATED.clear()
    _REPEATED.update(learned)


def _init_cleaning(learned: dict[str, RepeatedLines], without_rules: bool) -> None:
    """A cleaning worker's start: the lines learned per site, and the rule tables."""
    _set_repeated(learned)
    _empty_rule_tables(without_rules)


def _empty_rule_tables(without_rules: bool) -> None:
    """With ``without_rules``, this process cleans with the generic rule tables emptied:
    what the structural mechanisms do alone, a proxy for noise that no rule knows (an
    ablation for ``--without-rules``; the product never does this)."""
    if without_rules:
        document.generic_rules = lambda: ()  # type: ignore[attr-defined,assignment]  # the ablation swaps the import


def clean_page(res: PageResult) -> PageResult:
    """presswash's text cleaners on each converter's output, with the lines it learned;
    the HTML path again on a page whose site has learned lines."""
    started = time.perf_counter()
    site = res.page.site
    for name in CONVERTERS:
        raw = res.texts[f"{name}:raw"].encode("utf-8")
        cleaned = presswash_text(raw, "page.txt", repeated=_REPEATED.get(name), site=site)
        res.texts[f"{name}:presswash"], res.removals[name] = cleaned.text, cleaned.removals
        res.meta[name] = cleaned.meta
    for system, mode in res.html_modes.items():
        learned = _REPEATED.get(system)
        if learned is not None and learned.knows(site):
            page = Path(res.page.path).read_bytes()
            _record_html(
                res, system, mode, presswash_text(page, "page.html", repeated=learned, site=site, html_mode=mode)
            )
    res.seconds += time.perf_counter() - started
    return res


def learn_repeated(results: list[PageResult]) -> dict[str, RepeatedLines]:
    """Per converter and HTML system, the lines each site repeats across the documents
    being evaluated, in the text the cleaners are given (normalized, as the flow counts
    it: :func:`flows.process.process_one` counts the cleaning's ``source``).

    What an ingest learns from what it has ingested (flows/line_counts.py), as if every
    page had been ingested before: no annotation is looked at."""
    inputs = {name: [normalize_text(r.texts[f"{name}:raw"]) for r in results] for name in CONVERTERS}
    for system in results[0].html_modes if results else ():
        inputs[system] = [r.extracted[system] for r in results]
    sites = [r.page.site for r in results]
    return {name: count_documents(zip(sites, texts, strict=True)).learn() for name, texts in inputs.items()}


def _row(name: str, s: Score) -> str:
    return (
        f"| {name:<32} | {s.pages:5d} | {100 * s.kept:6.2f} | {100 * s.leaked:6.2f} "
        f"| {100 * s.precision:6.2f} | {100 * s.recall:6.2f} | {100 * s.f1:6.2f} |"
    )


HEADER = (
    f"| {'system':<32} | pages | with % | w/o %  | tok P  | tok R  | tok F1 |\n"
    f"|{'-' * 34}|------:|-------:|-------:|-------:|-------:|-------:|"
)


def report(results: list[PageResult], part: str, out_dir: Path) -> str:
    systems = list(results[0].texts) if results else []
    totals = {name: Score() for name in systems}
    lost: list[str] = []
    leaked: list[str] = []
    for res in results:
        for name, text in res.texts.items():
            totals[name].add(score(text, res.page.with_, res.page.without))
        for name in ("presswash", *[f"{c}:presswash" for c in CONVERTERS]):
            if name not in res.texts:
                continue
            before_name = "trafilatura" if name == "presswash" else name.replace(":presswash", ":raw")
            before = dict(present(res.page.with_, res.texts[before_name]))
            path = "html" if name == "presswash" else name.split(":")[0]
            for snippet, hit in present(res.page.with_, res.texts[name]):
                if before[snippet] and not hit:
                    rules = culprits(snippet, res.removals.get(path, []))
                    lost.append(f"{name}\t{res.page.file}\t{snippet}\t{rules}")
            for snippet, hit in present(res.page.without, res.texts[name]):
                if hit:
                    leaked.append(f"{name}\t{res.page.file}\t{snippet}")

    lines = [f"presswash eval — part '{part}': {len(results)} pages, {len({r.page.site for r in results})} sites", ""]
    html_path = "presswash" in totals
    html_systems = ["presswash", *[n for n in systems if n.startswith("presswash (")]]  # one per HTML mode
    if html_path:
        lines += ["HTML path (raw page in):", HEADER]
        lines += [_row(n, totals[n]) for n in ("trafilatura", "trafilatura_precision", *html_systems)]
        lines += [""]
    lines += ["Text path (converter output in, before → after presswash's text cleaners):", HEADER]
    for conv in CONVERTERS:
        lines += [_row(f"{conv} raw", totals[f"{conv}:raw"]), _row(f"{conv} + presswash", totals[f"{conv}:presswash"])]
    if html_path:
        lines += ["", "Metadata read from the text, against the page's own (the HTML path's, from its markup):"]
        lines.append(f"  {'converter':<20} {'title':>22} {'published day':>22} {'authors':>22}")
        lines.append(f"  {'':<20} " + " ".join(f"{'found/page has/agree':>22}" for _ in range(3)))
        for conv in CONVERTERS:
            title, day, authors = FieldScore(), FieldScore(), FieldScore()
            for res in results:
                read, own = res.meta.get(conv, Metadata()), res.meta.get("presswash", Metadata())
                title.add(read.title, own.title, title_agrees)
                day.add(read.published, own.published, same_day)
                authors.add(read.authors, own.authors, shares_an_author)
            cells = [f"{f.found}/{f.checkable}/{f.agreeing}" for f in (title, day, authors)]
            lines.append(f"  {conv:<20} " + " ".join(f"{c:>22}" for c in cells))
    lines += ["", "Targets:"]
    if html_path:
        d, fp = totals["trafilatura"], totals["trafilatura_precision"]
        for name in html_systems:
            p, mode = totals[name], results[0].html_modes[name]
            lines.append(
                f"  HTML ({mode}) leak {100 * p.leaked:.2f}% < precision's {100 * fp.leaked:.2f}%: "
                f"{p.leaked < fp.leaked}; with kept {p.with_kept} >= defaults' {d.with_kept}: "
                f"{p.with_kept >= d.with_kept}"
            )
    for conv in CONVERTERS:
        raw, after = totals[f"{conv}:raw"], totals[f"{conv}:presswash"]
        halved = after.leaked <= raw.leaked / 2
        drop = 100 * (raw.kept - after.kept)
        lines.append(
            f"  {conv}: leak {100 * raw.leaked:.2f}% → {100 * after.leaked:.2f}% (halved: {halved}); "
            f"with recall −{drop:.2f} pt (≤ 0.5: {drop <= 0.5})"
        )

    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    samples: dict[str, list[str]] = defaultdict(list)
    for res in results:
        for path, removals in res.removals.items():
            for rule, kind, text in removals:
                by_kind[kind][path] += 1
                samples[kind].append(f"[{path}] {res.page.file} {rule}: {text}")
    paths = ["html", *CONVERTERS]
    lines += ["", "Removals per noise kind (count per path; samples in " + str(out_dir / "removals") + "):"]
    lines.append(f"  {'kind':<14} " + " ".join(f"{p:>18}" for p in paths))
    for kind in sorted(by_kind, key=lambda k: -sum(by_kind[k].values())):
        lines.append(f"  {kind:<14} " + " ".join(f"{by_kind[kind][p]:>18d}" for p in paths))
    lines += ["", "A sample of each kind:"]
    for kind in sorted(samples):
        picks = samples[kind][:: max(1, len(samples[kind]) // SAMPLES_PER_KIND)][:SAMPLES_PER_KIND]
        for s in picks:
            flat = " ".join(s.split())
            lines.append(f"  {kind:<12} {flat[:150]}")

    (out_dir / "removals").mkdir(parents=True, exist_ok=True)
    for kind, items in samples.items():
        (out_dir / "removals" / f"{kind}.txt").write_text("\n\n".join(items) + "\n", encoding="utf-8")
    (out_dir / "lost_with.tsv").write_text("\n".join(lost) + "\n", encoding="utf-8")
    (out_dir / "leaked_without.tsv").write_text("\n".join(leaked) + "\n", encoding="utf-8")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="presswash evaluation")
    parser.add_argument("--part", choices=PARTS, default="report", help="tuning-a / tuning-b: the tuning part's halves")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument(
        "--html-modes",
        default=DEFAULT_HTML_MODE,
        help="presswash's HTML modes to score, comma-separated (fast,precise: side by side); the first is 'presswash'; "
        "'none': the text path only",
    )
    parser.add_argument(
        "--without-rules",
        action="store_true",
        help="empty the generic rule tables: score the structural mechanisms alone, a proxy for noise no rule "
        "knows (details in eval/out/<part>-without-rules/)",
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "evaldata.json").exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    pages = load_pages(args.corpus, args.part)
    if args.limit:
        pages = pages[: args.limit]
    cache_dir = OUT / "cache" / converter_cache_key()
    cache_dir.mkdir(parents=True, exist_ok=True)
    modes = tuple(check_html_mode(m.strip()) for m in args.html_modes.split(",") if m.strip() not in ("", "none"))
    work = [(p, str(cache_dir), modes) for p in pages]
    if args.workers > 1:
        with Pool(args.workers, initializer=_empty_rule_tables, initargs=(args.without_rules,)) as pool:
            results = list(pool.imap(convert_page, work, chunksize=4))
        learned = learn_repeated(results)
        with Pool(args.workers, initializer=_init_cleaning, initargs=(learned, args.without_rules)) as pool:
            results = list(pool.imap(clean_page, results, chunksize=4))
    else:
        _empty_rule_tables(args.without_rules)
        results = [convert_page(w) for w in work]
        _set_repeated(learn_repeated(results))
        results = [clean_page(r) for r in results]
    # A text-only or rule-less run leaves the full one's details be.
    out_dir = OUT / "-".join(
        [args.part, *(["text"] if not modes else []), *(["without-rules"] if args.without_rules else [])]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    table = report(results, args.part, out_dir)
    (out_dir / "table.txt").write_text(table + "\n", encoding="utf-8")
    print(table)
    slowest = max(results, key=lambda r: r.seconds) if results else None
    took = f"\n{time.perf_counter() - started:.0f} s"
    if slowest:
        took += f"; slowest page {slowest.page.file} {slowest.seconds:.1f} s"
    print(took)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
