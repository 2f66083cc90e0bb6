"""presswash's evaluation on the trafilatura evaluation corpus (``make eval``)."""
