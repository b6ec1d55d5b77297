"""The machine's second core during the stamp: a forked copy of the build stamps part of the item pages.

Until the first folder of item pages is written, Pagefind has nothing to index: the second core
sat idle for a third of a build (issue 10). So the build forks (forked.py) before the engine
builds the theme's shells: the copy renders the last part of the item pages meanwhile, stamps them
when this process sends it the shells, then parses and checks each page it wrote (the post-build scan's own
check, postbuild.prescan), while this process stamps the first part and the overview pages. The
copy sends back what it learned as plain data: what each page it stamped must show
(stamp.PageVerifier) and each page's scan (postbuild.Scan, with the file's inode, size and
modification time). The whole-site check takes those scans for files that did not change since, and
judges every link against the finished site as before: the verdict is that of one scan of the
finished site.
"""

from __future__ import annotations

from collections.abc import Callable

from .forked import Forked
from .stamp import StampError

MIN_PAGES = 200  # below this a second process saves nothing worth the fork


class Aside(Forked):
    """Part of the item pages, stamped and checked in a forked copy of this process.

    prescan(rels, verifier) runs in the copy after its pages are written and returns their scans;
    share is the part of the item pages the copy takes (the last ones).
    """

    def __init__(self, prescan: Callable, share: float = 0.5):
        super().__init__(StampError)
        self.prescan, self.share = prescan, share
        self.split = 0  # the copy stamps the item pages from here on

    def possible(self, pages: int) -> bool:
        return pages >= MIN_PAGES and self.safe()

    def results(self, verifier) -> dict:
        """After the stamp: what the copy's pages must show goes into verifier (stamp.PageVerifier); returns
        their scans, for postbuild.SiteCheck.adopt (nothing when no copy ran)."""
        if self.pid is None:
            return {}
        copy_verifier, scans = self.receive()
        self.wait()
        verifier.absorb(copy_verifier)
        return scans
