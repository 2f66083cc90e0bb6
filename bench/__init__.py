"""presswash's benchmark: ``make bench`` (not a test; see bench/run.py)."""
