"""The chrome a CMS or a news site writes around every article, in each language of the
corpus, is removed where trafilatura leaves it: on a line of its own after the article.

The lines are the stock strings of WordPress and its Jetpack plugin in their published
translations, and the labels news sites print around an article (breadcrumbs, menus,
players, share tools, paywall and consent prompts, credits). No page of the evaluation
corpus is quoted here: this is what a page nobody has looked at carries.
"""

from __future__ import annotations

import pytest

from cleaners.engine import clean_text
from cleaners.rule_tables import generic_rules

ARTICLE = [
    "The city council approved the new budget on Tuesday after a long debate about the costs of the harbour project.",
    "Opposition members said the plan would raise local taxes, while the mayor argued that it would pay off.",
    "The vote passed with a narrow majority, and construction is expected to begin in the spring of next year.",
    "Residents will be able to comment on the detailed plans at a public meeting in the town hall next month.",
]

# family → lines, one language after another (en, de, fr, es, pl, and it / pt / nl where
# the string is a stock translation)
CHROME: dict[str, list[str]] = {
    "blog widgets": [
        "Like this:",
        "Gefällt mir:",
        "J'aime ça :",
        "Me gusta esto:",
        "Lubię to:",
        "Mi piace:",
        "Gostar disto:",
        "Vind ik leuk:",
        "Share this:",
        "Teilen mit:",
        "Udostępnij to:",
        "Condividi:",
        "Partilhe isto:",
        "Delen:",
        "Related",
        "Ähnliche Beiträge",
        "Relacionado",
        "Podobne",
        "Correlati",
        "Gerelateerd",
    ],
    "filing lines": [
        "Posted in Uncategorized",
        "Veröffentlicht in Allgemein",
        "Publié dans Actualités",
        "Publicado en Noticias",
        "Opublikowano w Aktualności",
        "Tagged budget, council",
        "Étiqueté budget, conseil",
        "Etiquetado presupuesto",
    ],
    "comment form": [
        "Cancel reply",
        "Antworten abbrechen",
        "Annuler la réponse",
        "Cancelar respuesta",
        "Anuluj pisanie odpowiedzi",
        "Annulla risposta",
    ],
    "breadcrumbs": [
        "Home » News » Politics",
        "Startseite > Nachrichten > Politik",
        "Accueil > Actualités > Politique",
        "Inicio / Noticias / Política",
        "You are here: Home / News",
        "Sie sind hier: Startseite / Nachrichten",
        "Vous êtes ici : Accueil",
        "Jesteś tutaj: Strona główna",
    ],
    "menu words": [
        "Home",
        "Startseite",
        "Accueil",
        "Inicio",
        "Strona główna",
        "Menu",
        "Schließen",
        "Fermer",
        "Cerrar",
        "Zamknij",
        "Sign in",
        "Anmelden",
        "Se connecter",
        "Iniciar sesión",
        "Zaloguj się",
        "Previous",
        "Précédent",
        "Poprzedni",
    ],
    "players and media": [
        "Listen to this article",
        "Artikel anhören",
        "Écouter cet article",
        "Escuchar artículo",
        "Posłuchaj artykułu",
        "Image gallery",
        "Bildergalerie",
        "Galerie photos",
        "Galería de fotos",
        "Galeria zdjęć",
        "Video",
        "Zum Video",
        "Loading...",
        "Wird geladen...",
        "Chargement...",
        "Cargando...",
        "Ładowanie...",
        "Please enable JavaScript to view the comments",
        "Bitte aktivieren Sie JavaScript",
    ],
    "share tools": [
        "Click to share on Twitter (Opens in new window)",
        "Auf Facebook teilen",
        "Partager sur Facebook",
        "Compartir en Facebook",
        "Udostępnij na Facebooku",
        "Send by email",
        "Envoyer par e-mail",
        "Enviar por correo",
        "Wyślij e-mailem",
        "Copier le lien",
        "Copiar enlace",
        "Kopiuj link",
    ],
    "feedback and apps": [
        "Report an error",
        "Fehler melden",
        "Signaler une erreur",
        "Reportar un error",
        "Zgłoś błąd",
        "Rate this article",
        "Artikel bewerten",
        "Noter cet article",
        "Valora este artículo",
        "Oceń artykuł",
        "Did you find this article helpful?",
        "Cet article vous a-t-il été utile ?",
        "Czy ten artykuł był pomocny?",
        "Download the app",
        "Jetzt die App herunterladen",
        "Téléchargez l'application",
        "Descarga la app",
        "Pobierz aplikację",
        "Open in app",
        "In der App öffnen",
    ],
    "subscription": [
        "Subscribe",
        "Abonnieren",
        "S'abonner",
        "Subskrybuj",
        "Inscríbete a nuestro boletín",
        "Abonnieren Sie unseren WhatsApp-Kanal",
        "Sie sind bereits Abonnent? Hier anmelden",
        "Masz już prenumeratę? Zaloguj się",
        "Ten artykuł jest dostępny tylko dla subskrybentów",
        "To continue reading, please log in or register.",
        "Um weiterzulesen, melden Sie sich bitte an.",
        "Aby czytać dalej, zaloguj się.",
        "Wesprzyj nasze dziennikarstwo",
    ],
    "ads and consent": [
        "Gesponsert",
        "Sponsorisé",
        "Patrocinado",
        "Sponsorowane",
        "Cookie-Einstellungen",
        "Paramètres des cookies",
        "Configuración de cookies",
        "Ustawienia plików cookie",
        "Aceptar todo",
        "Privacy Policy",
        "Politique de confidentialité",
        "Política de privacidad",
        "Polityka prywatności",
    ],
    "credits and provenance": [
        "With material from dpa",
        "Mit Material von dpa",
        "Avec AFP",
        "Con información de EFE",
        "(dpa)",
        "(AFP)",
        "Edited by John Smith",
        "Contributed by Jane Doe",
        "Redaktion: Max Mustermann",
        "Mitarbeit: Max Mustermann",
        "Avec la collaboration de Jean Dupont",
        "Con la colaboración de Juan Pérez",
        "Współpraca: Jan Kowalski",
        "John Smith is a staff writer at Example News.",
        "Max Mustermann ist Redakteur im Ressort Politik.",
    ],
    "pointers to other pages": [
        "More from Politics",
        "Mehr aus Politik",
        "Plus de Politique",
        "Más de Política",
        "Read the full article",
        "Den ganzen Artikel lesen",
        "Lire l'article complet",
        "Leer el artículo completo",
        "Przeczytaj cały artykuł",
        "Watch: The mayor explains the budget",
        "Ver video: El alcalde explica el presupuesto",
        "Contact the author",
    ],
}

CASES = [(family, line) for family, lines in CHROME.items() for line in lines]


@pytest.mark.parametrize(("family", "line"), CASES, ids=[f"{f}: {line}" for f, line in CASES])
def test_chrome_line_after_the_article_is_removed(family: str, line: str) -> None:
    result = clean_text("\n\n".join([*ARTICLE, line]), generic_rules())
    assert line not in result.text.split("\n"), f"{family}: {line!r} stayed"
    for paragraph in ARTICLE:
        assert paragraph in result.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Home sales fell for the third month in a row, the statistics office said on Friday.",
        "Video evidence showed the car running the red light, the judge said.",
        "Plus de 300 personnes ont manifesté samedi devant la mairie.",
        "Más de 300 personas se reunieron frente al ayuntamiento.",
        "The minister is a former journalist at the state broadcaster, critics noted.",
        "Loading the ferry took three hours because of the storm, passengers said.",
        "Redaktion und Verlag haben sich am Montag auf einen neuen Tarifvertrag geeinigt.",
    ],
)
def test_article_sentence_using_the_same_words_stays(sentence: str) -> None:
    text = "\n\n".join([*ARTICLE, sentence])
    assert clean_text(text, generic_rules()).text == text
