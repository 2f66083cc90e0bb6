"""HTML-path baseline: bare ``trafilatura.extract`` over every file, in one process."""

from __future__ import annotations

import os
import sys
import warnings

import trafilatura


def main(folder: str) -> int:
    warnings.simplefilter("ignore")
    count = extracted = 0
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.startswith("."):
                continue
            with open(os.path.join(root, name), "rb") as handle:
                raw = handle.read()
            text = trafilatura.extract(raw)
            count += 1
            extracted += text is not None
    print(f"{count} documents, {extracted} with main text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
