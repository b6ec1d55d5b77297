"""Writing the render stage's output into this build's fresh docs folder: pages and checked images."""

from __future__ import annotations

from pathlib import Path

from .pages import IMAGE_FOLDER, Page


def copy_images(images, docs_dir: Path) -> None:
    """Images editors put in content/afbeeldingen/, checked by images.check_images, served next to the pages.

    The bytes written are proven to be the bytes that were checked (images.Image.checked_bytes).
    """
    for image in images:
        target = _inside(docs_dir, f"{IMAGE_FOLDER}/{image.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(image.checked_bytes())


def _inside(docs_dir: Path, rel: str) -> Path:
    """docs_dir/rel, after making sure rel cannot leave docs_dir (defence in depth: paths are slugs)."""
    parts = rel.split("/")
    if rel.startswith("/") or any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise ValueError(f"pagina-pad {rel!r} valt buiten de map met pagina's")
    return docs_dir.joinpath(*parts)


def write_pages(pages: list[Page], docs_dir: Path) -> int:
    """Write the generated pages into docs_dir, a fresh folder of this build; returns pages written.

    Generated pages never go into the tracked docs/ tree: the pipeline builds from a temporary
    copy, so there is nothing to clean up and no stale page can survive.
    """
    wanted = {page.path: page.text for page in pages}
    for rel, text in wanted.items():
        target = _inside(docs_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(wanted)
