"""Publisher resolution: from a URL's domain or the names the noise revealed to a
canonical display name and domain, using the registry in ``cleaners/publishers/``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from urllib.parse import urlsplit, urlunsplit

import tldextract

from cleaners.rule_tables import Publisher, publishers

# Which noise kinds name the outlet that published the text, most telling first. A
# syndication disclaimer names the republisher whose copy we hold; an attribution line
# names the original; a contributor line only hints ("Times of Israel staff").
KIND_PRECEDENCE: tuple[str, ...] = ("syndication", "dateline", "desk_note", "attribution", "contributor")

_STAFF = re.compile(r"\s+(staff|desk|team|writers?|reporters?|correspondents?)$", re.IGNORECASE)
# "Quelle: Deutscher Jagdverband (DJV), 02. Februar 2022, Berlin": the date and place
# after the outlet's name are not part of it.
_DATED_TAIL = re.compile(r",[^,]*\d.*$")

# The bundled Public Suffix List snapshot: no network access, ever.
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)  # a page links to a few hosts many times over; a run meets few sites
def registered_domain(url_or_host: str | None) -> str | None:
    """``https://www.timesofisrael.com/x`` → ``timesofisrael.com``; None when there is none."""
    if not url_or_host:
        return None
    parts = _extract(url_or_host)
    domain = parts.top_domain_under_public_suffix
    return domain.lower() if domain else None


# An address longer than this is no page's address (browsers and servers cap theirs lower).
MAX_URL_CHARS = 4096
# Query parameters that say where a reader came from, not which page it is: campaign
# tags (Google Analytics, Matomo, Mailchimp, HubSpot) and ad-click identifiers.
_TRACKING_PARAMETER = re.compile(
    r"(?:utm|pk|mtm|hsa|mc)_\w+|_hs(?:enc|mi)|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|twclid|_ga",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def article_url(value: str | None) -> str | None:
    """The page's address as the ``url`` column holds it: an absolute http(s) URL with
    its scheme and host in lower case, without a default port, a fragment or tracking
    parameters (``utm_*``, ``fbclid``, …); its path and other parameters as given (a
    server may tell ``;`` from ``%3B``, or ``?open`` from no query). None for anything
    else: a bare host name, a relative path, another scheme, an address with spaces or
    credentials in it, and a site's home page (what a CMS's default canonical link names
    on every page, not the article's address)."""
    value = (value or "").strip()
    if not value or len(value) > MAX_URL_CHARS or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:  # a port out of range, a broken IPv6 literal
        return None
    if scheme not in _DEFAULT_PORTS or not host or parts.username is not None:
        return None
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING_PARAMETER.fullmatch(p.partition("=")[0]))
    if parts.path in ("", "/") and not query:
        return None
    host = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


@lru_cache(maxsize=4096)
def domain_name(domain: str | None) -> str | None:
    """A registered domain without its public suffix: ``timesofisrael.com`` →
    ``timesofisrael``, ``bbc.co.uk`` → ``bbc``; None when there is none."""
    if not domain:
        return None
    return _extract(domain).domain.lower() or None


def looks_like_address(name: str) -> bool:
    """Some pages give a URL or bare host name as their site name: no display name."""
    return "://" in name or name.startswith("www.") or bool(re.fullmatch(r"[\w-]+(\.[\w-]+)+", name))


def _key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip().removeprefix("the ")


@cache
def _by_alias() -> dict[str, Publisher]:
    table: dict[str, Publisher] = {}
    for pub in publishers():
        for alias in (pub.name, *pub.aliases):
            table[_key(alias)] = pub
    return table


@cache
def _by_domain() -> dict[str, Publisher]:
    return {domain: pub for pub in publishers() for domain in pub.domains}


def publisher_for_domain(domain: str | None) -> Publisher | None:
    return _by_domain().get(domain) if domain else None


def publisher_for_name(name: str) -> Publisher | None:
    return _by_alias().get(_key(_STAFF.sub("", name)))


def resolve_publisher(
    named: Sequence[tuple[str, str]],
    *,
    url: str | None = None,
    site_name: str | None = None,
) -> tuple[str | None, str | None]:
    """The (display name, domain) of the document's publisher, when anything tells it.

    ``named`` holds (noise kind, name) pairs from the cleaner's facts. A URL wins over
    names in the text; a registry entry gives the canonical name and domain; an unknown
    outlet keeps the name the text gave it, without a domain.
    """
    domain = registered_domain(url)
    known = publisher_for_domain(domain)
    if known is not None:
        return known.name, domain
    candidates = sorted(
        (KIND_PRECEDENCE.index(kind), i, name) for i, (kind, name) in enumerate(named) if kind in KIND_PRECEDENCE
    )
    if site_name and not looks_like_address(site_name):
        candidates.insert(0, (-1, -1, site_name))
    for _, _, name in candidates:
        pub = publisher_for_name(name)
        if pub is not None:
            return pub.name, pub.domains[0] if pub.domains else domain
    for rank, _, name in candidates:
        if rank >= 0 and KIND_PRECEDENCE[rank] == "contributor":
            continue  # a contributor's name is no outlet unless the registry knows it
        return _DATED_TAIL.sub("", name).strip() or name.strip(), domain
    return None, domain
