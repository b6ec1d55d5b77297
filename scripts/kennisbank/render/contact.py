"""The routes to add or correct knowledge: the issue form, a correction, editing on GitHub, e-mail.

Every GitHub route needs a GitHub account, and the pages say so. The route without an account is an
e-mail to the maintainers, only when instellingen.yml names an address: nothing here is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .pages import Page
from .site import esc

FORM_TEMPLATE = "praktijkvoorbeeld.yml"  # .github/ISSUE_TEMPLATE/, written by `make schema`
CONTACT_PAGE = "meedoen/"
PRIVACY_PAGE = "privacy/"
NO_PERSONAL_DATA = ("Zet er geen persoonsgegevens van cliënten in: geen namen, adressen, telefoonnummers, BSN of "
                    "verhalen die naar één persoon te herleiden zijn.")


@dataclass(frozen=True)
class Contact:
    repo_url: str
    organisatie: str | None = None
    email: str | None = None

    @property
    def repo(self) -> str:
        return self.repo_url.rstrip("/")

    def form_url(self, title: str | None = None) -> str:
        """The issue form with its template; a title prefills its first question (GitHub reads field ids)."""
        params = {"template": FORM_TEMPLATE}
        if title:
            params["titel"] = title
        return f"{self.repo}/issues/new?" + urlencode(params, quote_via=quote)

    def mailto(self, subject: str, body: str) -> str | None:
        """A prefilled e-mail to the maintainers, or None while instellingen.yml names no address."""
        if not self.email:
            return None
        return f"mailto:{quote(self.email, safe='@')}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)


def contact_of(settings) -> Contact:
    """The Contact for a build's render settings (render.pages.Settings, with the maintainer if known)."""
    maintainer = getattr(settings, "maintainer", None)
    return Contact(settings.repo_url, getattr(maintainer, "organisatie", None), getattr(maintainer, "email", None))


CONTACT_SNIPPET = "snippets/meedoen.md"
PLACEHOLDER_CLASS = "kb-plaatshouder"


def _link(text: str, url: str) -> str:
    # Markdown link with an address in angle brackets: spaces and parentheses in the query stay inside it.
    return f"[{esc(text)}](<{url.replace('>', '%3E').replace('<', '%3C')}>)"


def contact_snippet(contact: Contact, branch: str = "main") -> str:
    """The body of docs/meedoen.md: the maintainer (or a marked placeholder) and every route."""
    lines = ["## Wie beheert de Kennisbank?", ""]
    if contact.organisatie or contact.email:
        if contact.organisatie:
            lines += [f"De Kennisbank wordt beheerd door **{esc(contact.organisatie)}**.", ""]
        if contact.email:
            lines += [f"Contactadres: {_link(contact.email, 'mailto:' + quote(contact.email, safe='@'))}", ""]
    else:
        lines += [f'!!! warning {PLACEHOLDER_CLASS} "Nog niet ingevuld"', "",
                  "    De beheerders hebben hun naam en contactadres nog niet ingevuld (in `instellingen.yml`). "
                  "Tot dan loopt contact via GitHub, hieronder.", ""]
    lines += ["## Een praktijkvoorbeeld aanmelden", "",
              f"{_link('Meld een voorbeeld aan via het formulier', contact.form_url())}. Je hebt geen kennis van Git nodig, "
              "wel een **GitHub-account** (gratis). Een beheerder maakt er een pagina van en controleert de bron.", "",
              "## Een pagina verbeteren", "",
              "Onderaan elke pagina staat **Klopt er iets niet? Meld het**. Dat opent een melding met de pagina al "
              "ingevuld. Ook daarvoor heb je een **GitHub-account** nodig.", "",
              "## Zelf bewerken op GitHub", "",
              "Onderaan elke pagina staat ook **Bewerken op GitHub**: daarmee pas je de tekst zelf aan en stel je de "
              "wijziging voor. Dit vraagt een **GitHub-account**. Hoe de bestanden in elkaar zitten, staat in "
              f"{_link('de handleiding voor redacteuren', f'{contact.repo}/blob/{branch}/CONTRIBUTING.md')}.", "",
              "## Zonder GitHub-account", ""]
    correction = contact.mailto("Correctie voor de Kennisbank", f"Welke pagina?\n\nWat klopt er niet?\n\nWat is je bron?\n\n{NO_PERSONAL_DATA}\n")
    example = contact.mailto("Nieuw praktijkvoorbeeld",
                             f"Gemeente of plaats:\n\nWat deden ze?\n\nWat is je bron (titel, webadres)?\n\n{NO_PERSONAL_DATA}\n")
    if correction and example:
        lines += [f"- {_link('Mail een correctie', correction)}", f"- {_link('Mail een nieuw voorbeeld', example)}", "",
                  "Je e-mailprogramma opent met een bericht dat al half is ingevuld.", ""]
    else:
        lines += ["Zodra de beheerders een contactadres hebben ingevuld, kun je hier ook mailen, zonder account.", ""]
    lines += ["## Privacy", "", f"{NO_PERSONAL_DATA} Alles wat je via GitHub meldt, is openbaar. "
              "Lees ook de [privacyverklaring](privacy.md).", ""]
    return "\n".join(lines)


def contact_pages(settings) -> list[Page]:
    return [Page(CONTACT_SNIPPET, contact_snippet(contact_of(settings), getattr(settings, "branch", "main")))]
