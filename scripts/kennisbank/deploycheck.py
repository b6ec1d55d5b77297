"""Refuse to publish a site built for the local address (the deploy workflow runs this before `make site`).

mkdocs.yml falls back to http://127.0.0.1:8000/ when SITE_URL is unset. A site built that way and
published on GitHub Pages has canonical links, a sitemap and a 404 page that point at the reader's own
machine. The address is parsed as a browser parses it (WHATWG, ada_url), never pattern-matched.

Usage: PYTHONPATH=scripts python -m kennisbank.deploycheck   (reads SITE_URL; exit 1 with a Dutch reason)
"""

from __future__ import annotations

import ipaddress
import os
import sys

import ada_url

LOCAL_DEFAULT = "http://127.0.0.1:8000/"
LOCAL_HOSTS = frozenset({"localhost", "localhost.localdomain"})


def problem(site_url: str | None) -> str | None:
    """Why this SITE_URL may not be published, in Dutch; None when it is a public https address."""
    value = (site_url or "").strip()
    if not value or value == "/":
        return "SITE_URL is leeg: de site zou het lokale standaardadres " + LOCAL_DEFAULT + " krijgen"
    try:
        url = ada_url.URL(value)
    except ValueError:
        return f"SITE_URL '{value}' is geen geldig webadres"
    host = url.hostname.strip("[]").lower()
    if url.href == LOCAL_DEFAULT or host in LOCAL_HOSTS or host.endswith(".localhost"):
        return f"SITE_URL is nog het lokale adres ('{value}')"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and (address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local):
        return f"SITE_URL wijst naar een lokaal of privé-adres ('{value}')"
    if url.protocol != "https:":
        return f"SITE_URL moet met https:// beginnen ('{value}')"
    return None


def main() -> int:
    reason = problem(os.environ.get("SITE_URL"))
    if reason is None:
        print(f"SITE_URL is in orde: {os.environ['SITE_URL'].strip()}")
        return 0
    print(f"FOUT: {reason} — zet SITE_URL op het adres van de GitHub Pages-site "
          "(https://<organisatie>.github.io/<repository>/); er wordt niets gepubliceerd.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
