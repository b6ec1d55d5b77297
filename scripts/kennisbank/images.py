"""Images in content/afbeeldingen/: only PNG, JPEG, WebP or GIF, recognised by their bytes.

Whatever lies in that folder is published next to the pages. An .svg can carry a script, an
.html is a page of its own, and a file named .png with HTML inside is sniffed as HTML by some
clients. So every file there must be one of four raster formats, proven by its first bytes and
matching its extension, with a plain name and at most MAX_IMAGE_BYTES bytes. Anything else is
a finding at content/afbeeldingen/<name>:1:1, and the build publishes only checked images.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from . import registry as R
from .findings import Finding
from .fsguard import NotRegular, TooLarge, read_limited

IMAGE_DIR = "content/afbeeldingen"
MAX_IMAGE_BYTES = 1_000_000  # 1 MB: plenty for a diagram or photo on the web, documented in CONTRIBUTING.md
IMAGE_RULE = R.IMAGE_FILE

# A short, anchored pattern over a file name (at most 255 bytes); each repetition starts with a
# separator, so matching is linear.
IMAGE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\.(?:png|jpg|jpeg|webp|gif)")
_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WebP", "gif": "GIF"}
_HINT = "zet er een PNG-, JPEG-, WebP- of GIF-afbeelding neer, of haal het bestand weg"


@dataclass(frozen=True)
class Image:
    rel: str  # content/afbeeldingen/schema.png
    name: str  # path under the image folder: schema.png
    path: str
    sha256: str  # of the bytes that were checked; the copy must have the same, or it is refused

    def checked_bytes(self) -> bytes:
        """The image's bytes, read again (bounded, no link followed) and proven the same as checked.

        Holding every image in memory from check to copy would cost up to 1 MB per image.
        """
        data = read_limited(self.path, MAX_IMAGE_BYTES)
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ValueError(f"{self.rel} is veranderd tussen controle en bouw")
        return data


def sniff(data: bytes) -> str | None:
    """The image format its first bytes prove, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def check_images(entries) -> tuple[list[Image], list[Finding]]:
    """Check every regular file under content/afbeeldingen/ (fsguard.Entry); return the good ones."""
    images: list[Image] = []
    found: list[Finding] = []
    prefix = IMAGE_DIR + "/"
    for entry in entries:
        if not entry.rel.startswith(prefix):
            continue
        name = entry.rel[len(prefix):]
        problem, data = _check(entry.path, name)
        if problem:
            found.append(Finding(entry.rel, 1, 1, IMAGE_RULE.id, problem))
        else:
            images.append(Image(entry.rel, name, entry.path, hashlib.sha256(data).hexdigest()))
    return images, found


R.IMAGE_FILE.loader_check(check_images)


def _check(path: str, name: str) -> tuple[str | None, bytes]:
    if not IMAGE_NAME.fullmatch(name):
        return (f"'{name}' is geen toegestane afbeeldingsnaam — gebruik kleine letters, cijfers en '-' of '_', "
                f"zonder submappen, en de extensie .png, .jpg, .jpeg, .webp of .gif; {_HINT}"), b""
    try:
        data = read_limited(path, MAX_IMAGE_BYTES)
    except TooLarge as err:
        return f"afbeelding is te groot: {err.message()} — verklein de afbeelding", b""
    except NotRegular as err:
        return err.text, b""
    except OSError as err:
        return f"afbeelding kan niet worden gelezen ({err.strerror})", b""
    expected = _FORMATS[name.rsplit(".", 1)[1]]
    actual = sniff(data)
    if actual is None:
        return f"de inhoud van dit bestand is geen {expected}-afbeelding (en ook geen andere toegestane soort) — {_HINT}", b""
    if actual != expected:
        return f"de inhoud is een {actual}-afbeelding, maar de naam eindigt op .{name.rsplit('.', 1)[1]} — geef het bestand de juiste extensie", b""
    return None, data
