"""Item and overview pages rendered when they are used, and not kept: the build's peak memory stays flat.

At 10,000 items the rendered articles alone are over 100 MB (Python keeps a text with one '—' in
it at two bytes a character). The stamp stage needs each article once, to pour it into its shell
and write it; so each is rendered right then and dropped after (issue 10: our own processes stay
under 400 MB). Rendering an item is a pure function of the validated content, so rendering it again
gives the same page; the time shows in the 'stamp' stage instead of 'generate'.

Overview pages are made the same way (OverviewPages): at 10,000 items the reeks, theme, role and
audience pages together hold every item's title and summary many times over, and every tip in
full (over 40 million characters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from ..model import Item
from .pages import ItemPage
from .site import item_url


class ItemPages(Sequence[ItemPage]):
    """A read-only sequence of item pages, each rendered on access by `present`."""

    def __init__(self, items: list[Item], present: Callable[[Item], ItemPage]):
        self._items, self._present = items, present

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> ItemPage: ...

    @overload
    def __getitem__(self, index: slice) -> list[ItemPage]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._present(item) for item in self._items[index]]
        return self._present(self._items[index])

    def __iter__(self) -> Iterator[ItemPage]:
        return (self._present(item) for item in self._items)

    def __add__(self, other: Sequence[ItemPage]) -> list[ItemPage]:
        return [*self, *other]

    def __radd__(self, other: Sequence[ItemPage]) -> list[ItemPage]:
        return [*other, *self]

    def part(self, start: int, stop: int | None) -> ItemPages:
        """The pages [start:stop], rendered on access like these (the stamp's forked copy takes a part)."""
        return ItemPages(self._items[start:stop], self._present)

    @property
    def urls(self) -> list[str]:
        """Every item page's URL, without rendering anything."""
        return [item_url(item) for item in self._items]


class OverviewPages(Sequence[ItemPage]):
    """Overview pages in order, each made by its function when used, with the changes added since.

    An overview is its own shell (folder == url), so its URL is all the stamp needs before rendering.
    """

    def __init__(self) -> None:
        self._makers: dict[str, Callable[[], ItemPage]] = {}

    def add(self, url: str, make: Callable[[], ItemPage]) -> None:
        if url in self._makers:
            raise ValueError(f"twee overzichtspagina's met het adres {url}")
        self._makers[url] = make

    def append(self, page: ItemPage) -> None:
        """A page already made."""
        self.add(page.url, lambda: page)

    def then(self, change: Callable[[ItemPage], ItemPage], url: str | None = None) -> None:
        """Apply change to every page made from now on (or only to the page at url)."""
        for key in [url] if url is not None else list(self._makers):
            if key in self._makers:
                self._makers[key] = lambda make=self._makers[key]: change(make())

    def __len__(self) -> int:
        return len(self._makers)

    def __getitem__(self, index):
        makers = list(self._makers.values())[index]
        return [make() for make in makers] if isinstance(index, slice) else makers()

    def __iter__(self) -> Iterator[ItemPage]:
        return (make() for make in list(self._makers.values()))

    @property
    def urls(self) -> list[str]:
        return list(self._makers)
