"""Checks of the head area's rules (registry.py E070, E071): a source a reader can trust, an honest status."""

from __future__ import annotations

from collections.abc import Iterable

from . import registry as R
from .findings import Finding
from .loader import LoadedFile
from .model import OWN_DESCRIPTION, Item, Praktijkvoorbeeld


def _at(loaded: LoadedFile, path: tuple, rule: str, message: str) -> Finding:
    line, col = (loaded.parsed.value_pos.get(path) or loaded.parsed.key_pos.get(path)
                 or loaded.parsed.key_pos.get(path[:1]) or (2, 1))
    return Finding(loaded.path, line, col, rule, message)


@R.OWN_DESCRIPTION.file_check
def own_description_complete(loaded: LoadedFile, item: Item, ctx) -> Iterable[Finding]:
    bron = item.meta.bron
    if bron.soort != OWN_DESCRIPTION:
        return
    where = ("bron", "soort")
    if bron.organisatie is None:
        yield _at(loaded, where, R.OWN_DESCRIPTION.id,
                  "een eigen beschrijving noemt wie het voorbeeld beschrijft — vul 'organisatie' in onder 'bron'")
    if bron.datum is None:
        yield _at(loaded, where, R.OWN_DESCRIPTION.id,
                  "een eigen beschrijving heeft de datum van aanmelden — vul 'datum' in onder 'bron' (JJJJ-MM-DD)")
    if bron.document is not None:
        yield _at(loaded, ("bron", "document"), R.OWN_DESCRIPTION.id,
                  "een eigen beschrijving heeft geen brondocument — haal 'document' weg, of kies 'soort: document'")


@R.STATUS_CLAIM.file_check
def described_means_described(loaded: LoadedFile, item: Item, ctx) -> Iterable[Finding]:
    meta = item.meta
    if isinstance(meta, Praktijkvoorbeeld) and meta.status == "beschreven" and not meta.wat_ze_deden:
        yield _at(loaded, ("status",), R.STATUS_CLAIM.id,
                  "'status: beschreven' vraagt om 'wat_ze_deden' uit de bron — vul dat in, of zet de status op "
                  "'in aanvulling'")
