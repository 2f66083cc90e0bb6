"""The text path on markdown that keeps its links, as scraping services return it.

    .venv/bin/python -m eval.markdown_links [--part tuning] [--workers 2]

``make eval``'s html2text converter drops links (``ignore_links``); scraping services'
markdown keeps them, so that a menu item reads "* [Impressum](https://…)". This scores
html2text with links kept, before and after presswash's text cleaners, on one part of
the split (the tuning part by default: a development check, not a report). Conversions
are cached under ``eval/out/cache-links/``.
"""

from __future__ import annotations

import argparse
import json
from multiprocessing import Pool
from pathlib import Path

from cleaners.decode import decode_bytes
from eval.converters import html2text_links_text
from eval.metrics import Score, score
from eval.run import OUT, PARTS, Page, converter_cache_key, load_pages, presswash_text
from eval.split import DEFAULT_CORPUS


def score_page(args: tuple[Page, str]) -> tuple[Score, Score]:
    page, cache_dir = args
    cached = Path(cache_dir) / f"{page.file}.json"
    if cached.exists():
        raw = str(json.loads(cached.read_text(encoding="utf-8")))
    else:
        raw = html2text_links_text(decode_bytes(Path(page.path).read_bytes()).text)
        cached.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    cleaned = presswash_text(raw.encode("utf-8"), "page.txt")
    return score(raw, page.with_, page.without), score(cleaned.text, page.with_, page.without)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="presswash's text path on markdown with links")
    parser.add_argument("--part", choices=PARTS, default="tuning")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    cache_dir = OUT / "cache-links" / converter_cache_key()
    cache_dir.mkdir(parents=True, exist_ok=True)
    pages = load_pages(args.corpus, args.part)
    before, after = Score(), Score()
    with Pool(args.workers) as pool:
        for raw, cleaned in pool.imap(score_page, [(p, str(cache_dir)) for p in pages], chunksize=4):
            before.add(raw)
            after.add(cleaned)
    print(f"html2text with links, part '{args.part}', {len(pages)} pages")
    print(f"  raw:              with {100 * before.kept:.2f}%  without leaked {100 * before.leaked:.2f}%")
    print(f"  after presswash:  with {100 * after.kept:.2f}%  without leaked {100 * after.leaked:.2f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
