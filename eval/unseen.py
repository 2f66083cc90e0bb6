"""``python -m eval.unseen``: the text path on the corpus pages nobody annotated.

    .venv/bin/python -m eval.unseen [--corpus ../shared/corpus/trafilatura-eval] [--workers 2]

The corpus holds 43 pages without annotations; most come from sites in neither part of
the split (neither the registered domain of the URL the page declares nor the domain its
file name starts with is in ``eval/split.json``). Nobody tuned on them and nobody marked
what in them is article: presswash's HTML path (precise mode) stands in for the article.
For each converter the harness prints

- *article lines lost*: lines of four words or more of the HTML path's article that the
  raw conversion holds and the cleaned one does not (a recall proxy);
- *lines outside the article*: cleaned lines that neither the HTML path's article nor
  trafilatura's ``favor_recall`` extraction holds (a leakage proxy; for that extraction
  itself, lines the article does not hold).

Both are proxies, the first of them measured against presswash's own HTML path; the lines
behind each figure go to ``eval/out/unseen/`` to be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import trafilatura

from cleaners.decode import decode_bytes
from cleaners.normalize import normalize_text
from eval.converters import CONVERTERS
from eval.run import OUT, presswash_text
from eval.split import DEFAULT_CORPUS, SPLIT_FILE, site_of

# An article line worth looking for in a conversion: a sentence's worth of words.
ARTICLE_LINE_WORDS = 4
# How much of a line identifies it: converters wrap and join lines differently.
LINE_KEY_CHARS = 60
# Markdown and list marks a converter puts before a line.
_MARKS = "*+o-#> "


def _lines(text: str) -> list[str]:
    return [line.strip() for line in normalize_text(text).split("\n") if line.strip()]


def article_lines(article: str) -> list[str]:
    """The lines of ``article`` (the HTML path's text) worth looking for elsewhere."""
    return [line for line in _lines(article) if len(line.split()) >= ARTICLE_LINE_WORDS]


def lost_lines(article: str, raw: str, cleaned: str) -> tuple[list[str], list[str]]:
    """The article's lines that ``raw`` holds, and those of them ``cleaned`` does not."""
    raw_text, cleaned_text = normalize_text(raw), normalize_text(cleaned)
    found = [line for line in article_lines(article) if line[:LINE_KEY_CHARS] in raw_text]
    return found, [line for line in found if line[:LINE_KEY_CHARS] not in cleaned_text]


def outside_lines(cleaned: str, *references: str) -> list[str]:
    """The lines of ``cleaned`` that none of ``references`` holds (list marks aside)."""
    known = "\n".join(normalize_text(text) for text in references)
    return [line for line in _lines(cleaned) if line.lstrip(_MARKS).strip()[:LINE_KEY_CHARS] not in known]


def named_site(path: Path) -> str:
    """The site a corpus file's name starts with ("ga.de-Graffiti.html": ``ga.de``;
    "dw.com.uncork.html": ``dw.com``)."""
    return site_of("http://" + path.name.split("-")[0].removesuffix(".html"))


def unseen_pages(corpus: Path) -> list[Path]:
    """The corpus pages without annotations whose site is in neither part of the split."""
    evaldata = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    annotated = {str(item["file"]) for item in evaldata.values()}
    split = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    split_sites = {site for part in split["parts"].values() for site in part}
    pages: list[Path] = []
    for folder in ("eval", "cache"):
        for path in sorted((corpus / folder).iterdir()):
            if path.name in annotated:
                continue
            metadata = trafilatura.extract_metadata(decode_bytes(path.read_bytes()).text)
            declared = site_of(metadata.url) if metadata is not None and metadata.url else None
            if declared not in split_sites and named_site(path) not in split_sites:
                pages.append(path)
    return pages


@dataclass
class PageOutcome:
    name: str
    found: dict[str, list[str]] = field(default_factory=dict)
    lost: dict[str, list[str]] = field(default_factory=dict)
    outside: dict[str, list[str]] = field(default_factory=dict)


def evaluate_page(path: Path) -> PageOutcome:
    raw = path.read_bytes()
    html = decode_bytes(raw).text
    article = presswash_text(raw, "page.html", html_mode="precise").text
    converted = {name: convert(html) for name, convert in CONVERTERS.items()}
    outcome = PageOutcome(path.name)
    for name, text in converted.items():
        cleaned = presswash_text(text.encode("utf-8"), "page.txt", site=path.name).text
        outcome.found[name], outcome.lost[name] = lost_lines(article, text, cleaned)
        # trafilatura's recall extraction is a reference for the others, not for itself.
        references = [article] if name == "trafilatura_recall" else [article, converted["trafilatura_recall"]]
        outcome.outside[name] = outside_lines(cleaned, *references)
    return outcome


def report(outcomes: list[PageOutcome], out_dir: Path) -> str:
    rows = [
        f"| {'converter':<20} | article lines in raw | lost after cleaning | lines outside the article |",
        f"|{'-' * 22}|---------------------:|--------------------:|--------------------------:|",
    ]
    details: dict[str, list[str]] = {}
    for name in CONVERTERS:
        found = sum(len(o.found[name]) for o in outcomes)
        lost = sum(len(o.lost[name]) for o in outcomes)
        outside = sum(len(o.outside[name]) for o in outcomes)
        rows.append(f"| {name:<20} | {found:20d} | {lost:19d} | {outside:25d} |")
        details[name] = [
            f"== {o.name}\n" + "\n".join([*(f"LOST {line}" for line in o.lost[name]), *o.outside[name]])
            for o in outcomes
            if o.lost[name] or o.outside[name]
        ]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, blocks in details.items():
        (out_dir / f"{name}.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    head = f"presswash on {len(outcomes)} unannotated pages from sites in neither part (details in {out_dir})"
    return "\n".join([head, "", *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="presswash's text path on unannotated, unsplit pages")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not (args.corpus / "evaldata.json").exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    pages = unseen_pages(args.corpus)
    with Pool(args.workers) as pool:
        outcomes = pool.map(evaluate_page, pages, chunksize=2)
    print(report(outcomes, OUT / "unseen"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
