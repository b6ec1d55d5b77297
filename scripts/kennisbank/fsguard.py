"""The build never leaves its own folders: safe listing, bounded reading and careful deletion.

Everything under content/, docs/ and overrides/ comes from strangers' pull requests. A committed
symbolic link could make the build read files of the machine (/etc/passwd, /dev/zero) or delete
and overwrite folders outside the checkout. So these trees are listed without following links,
every entry must be a regular file or a folder, every file is opened with O_NOFOLLOW and read up to
its limit plus one byte, and nothing is removed or renamed when it, or a folder above it inside
the build's own area, is a link.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path


class UnsafePath(Exception):
    """A path the build refuses to read, write or delete; the message is Dutch and names the path."""


@dataclass(frozen=True)
class Entry:
    """A regular file found under a tree, with its path relative to the repository root."""

    rel: str
    path: str  # a plain string: building a Path per file costs measurably at 10,000 files
    size: int
    mtime: float


@dataclass(frozen=True)
class Problem:
    rel: str
    message: str


def thousands(number: int) -> str:
    """Dutch digit grouping: 200123 -> '200.123'."""
    return f"{number:,}".replace(",", ".")


def shown_name(name: str) -> str:
    """A file name as a message may print it: control characters as \\xNN, never raw."""
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in name)


def _bad_name(name: str) -> bool:
    # Control and format characters (newlines, escape, bidi overrides) in a name can forge
    # terminal or CI output and hide what a file really is.
    if name.isascii() and name.isprintable():  # the common case, without a per-character lookup
        return name.strip() != name
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name) or name.strip() != name


def walk(root: Path, top: str) -> tuple[list[Entry], list[Problem]]:
    """Every regular file under root/top, without following any link; and what was refused.

    A missing top is empty. Links, FIFOs, devices and sockets are refused with a Dutch
    message and never opened; a link to a folder is not entered.
    """
    files: list[Entry] = []
    problems: list[Problem] = []
    start = root / top
    try:
        info = os.lstat(start)
    except FileNotFoundError:
        return files, problems
    if not stat.S_ISDIR(info.st_mode):
        problems.append(Problem(top, _kind_message(info.st_mode, folder=True)))
        return files, problems
    pending = [(str(start), top)]
    while pending:
        folder, rel_folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            problems.append(Problem(rel_folder, f"map kan niet worden gelezen ({err.strerror})"))
            continue
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}"
            if _bad_name(entry.name):
                problems.append(Problem(shown_name(rel),
                    "bestandsnaam bevat stuurtekens of begint of eindigt met een spatie — hernoem het bestand "
                    "(alleen letters, cijfers, '-', '_' en '.')"))
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:  # removed while we list: nothing to read
                continue
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                pending.append((entry.path, rel))
            elif stat.S_ISREG(mode):
                files.append(Entry(rel, entry.path, info.st_size, info.st_mtime))
            else:
                problems.append(Problem(rel, _kind_message(mode)))
    files.sort(key=lambda e: e.rel)
    return files, problems


def _kind_message(mode: int, folder: bool = False) -> str:
    if stat.S_ISLNK(mode):
        return ("is een symbolische koppeling (symlink) — die worden niet gevolgd; zet er een gewoon "
                "bestand of een gewone map neer")
    if folder and stat.S_ISREG(mode):
        return "moet een map zijn, maar is een bestand"
    kind = ("een named pipe (FIFO)" if stat.S_ISFIFO(mode) else "een apparaatbestand" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "een socket" if stat.S_ISSOCK(mode) else "geen gewoon bestand")
    return f"is {kind} — alleen gewone bestanden en mappen zijn toegestaan; haal het weg"


class TooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(size)
        self.size, self.limit = size, limit

    def message(self) -> str:
        return f"bestand is {thousands(self.size)} bytes, de limiet is {thousands(self.limit)} bytes"


class NotRegular(Exception):
    def __init__(self, mode: int):
        super().__init__(mode)
        self.text = _kind_message(mode)


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most limit bytes; never follows a final link, never blocks.

    Reads at most limit+1 bytes, so /dev/zero or a huge file costs nothing. Raises TooLarge
    (with the exact size) or NotRegular.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        if err.errno == errno.ELOOP:  # the last component is a link
            raise NotRegular(stat.S_IFLNK) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(info.st_mode)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, limit + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(max(info.st_size, total), limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _components(base: Path, target: Path) -> list[Path]:
    """target and each folder between base and target (base excluded), when target lies under base."""
    base, target = Path(os.path.abspath(base)), Path(os.path.abspath(target))
    try:
        parts = target.relative_to(base).parts
    except ValueError:
        return [target, target.parent]
    return [base.joinpath(*parts[: n + 1]) for n in range(len(parts))]


def refuse_links(base: Path, target: Path) -> None:
    """Raise UnsafePath when target, or a folder between base and it, is a link or not a folder.

    For a target outside base, target and its parent are checked: that is where the build writes.
    """
    for path in _components(base, target):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath(f"{path} is een symbolische koppeling (symlink); de bouw schrijft en verwijdert "
                             "niets via een koppeling — haal de koppeling weg of kies een andere map")
        if not stat.S_ISDIR(info.st_mode):
            raise UnsafePath(f"{path} is geen map — haal het weg of kies een andere map")


def remove_tree(base: Path, target: Path) -> None:
    """Remove the folder target, never through a link: refuses when it or a folder above it is one.

    shutil.rmtree itself never follows links inside the tree (it refuses a link at the top).
    """
    refuse_links(base, target)
    if os.path.lexists(target):
        shutil.rmtree(target)


def check_tree(root: Path, top: str) -> list[Entry]:
    """The regular files under root/top, or UnsafePath naming every refused entry (a build error)."""
    files, problems = walk(root, top)
    if problems:
        raise UnsafePath("\n".join(f"{p.rel}: {p.message}" for p in problems))
    return files


def create_new_file(base: Path, target: Path, text: str) -> None:
    """Write text into target, a file that must not exist yet, never through a link.

    Every folder from base to target must be a real folder; O_EXCL and O_NOFOLLOW make the
    open fail on anything already there, a dangling link included.
    """
    refuse_links(base, target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    refuse_links(base, target.parent)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    except FileExistsError:
        raise UnsafePath(f"{target} bestaat al (of is een koppeling) — er wordt niets overschreven") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
