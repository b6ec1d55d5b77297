"""Command line: python -m kennisbank {check,site,generate,schema,serve}."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kennisbank", description="De Kennisbank Kansrijke Start bouwen en controleren.")
    parser.add_argument("--root", type=Path, default=ROOT, help="map van het project (standaard: deze repository)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="controleer alle content")
    generate = sub.add_parser("generate", help="controleer en maak de pagina's in een nieuwe (tijdelijke) map")
    generate.add_argument("--output", type=Path, default=None, help="nieuwe of lege map (standaard: een nieuwe tijdelijke map)")
    site = sub.add_parser("site", help="controleer, genereer, bouw en indexeer de site in site/")
    site.add_argument("--output", type=Path, default=None, help="map voor de site (standaard: site/)")
    sub.add_parser("schema", help="schrijf de afgeleide bestanden: JSON Schema's, issueformulier, regeltabel")
    serve = sub.add_parser("serve", help="bekijk de site live terwijl je content bewerkt")
    serve.add_argument("--adres", default="127.0.0.1:8000", help="adres en poort (standaard 127.0.0.1:8000)")
    sub.add_parser("links", help="controleer de externe links in de content (heeft internet nodig)")
    new = sub.add_parser("new", help="maak een nieuw contentbestand uit het sjabloon")
    new.add_argument("--soort", default=None, help="tip, vraag of praktijkvoorbeeld")
    new.add_argument("--titel", default=None, help="de titel van het nieuwe item")
    issue = sub.add_parser("issue", help="zet een ingevuld GitHub-issueformulier om in een praktijkvoorbeeld")
    issue.add_argument("bestand", type=Path, help="bestand met de tekst (body) van het issue")
    issue.add_argument("--nummer", type=int, default=None, help="nummer van het issue, voor de bronvermelding")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "check":
            from .check import main as check_main

            return check_main(root)
        if args.command == "schema":
            from .derived import write_all

            for path in write_all(root):
                print(f"geschreven: {path.relative_to(root)}")
            return 0
        if args.command == "generate":
            from .pipeline import generate_only

            return generate_only(root, args.output)
        if args.command == "site":
            from .pipeline import build_site

            return build_site(root, output=args.output)
        if args.command == "new":
            from .new import main as new_main

            return new_main(root, args.soort, args.titel)
        if args.command == "issue":
            from .issueform import main as issue_main

            return issue_main(root, args.bestand, args.nummer)
        if args.command == "links":
            from .links import main as links_main

            return links_main(root)
        if args.command == "serve":
            from .serve import serve

            return serve(root, args.adres)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - editors get a sentence, never a traceback
        print(f"interne fout: {type(err).__name__}: {err} — meld dit bij de beheerders van de Kennisbank", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
