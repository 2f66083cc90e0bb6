"""presswash: boilerplate-cleaning ingestion of news articles into Parquet."""

from __future__ import annotations

__version__ = "0.1.0"
