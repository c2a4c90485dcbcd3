"""Check an output file given on the command line before any work is done."""

from __future__ import annotations

from pathlib import Path

from logistics.errors import InvalidValueError

__all__ = ["IMAGE_SUFFIXES", "check_output_file"]

IMAGE_SUFFIXES = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp", ".tif", ".tiff")
"""Image formats the commands draw (matplotlib's savefig; the suffix picks it)."""


def check_output_file(
    name: str, path: Path, *, suffixes: tuple[str, ...] | None = None, default_suffix: str = ""
) -> Path:
    """``path`` as it will be written, or ``InvalidValueError`` naming option ``name``.

    A folder, a file in a folder that does not exist and (with ``suffixes``) a suffix
    outside ``suffixes`` are refused; a name without a suffix gets ``default_suffix``,
    so the caller reports the file actually written.
    """
    if path.is_dir():
        raise InvalidValueError(name, str(path), "is a folder; give a file name")
    if suffixes is not None and not path.suffix and default_suffix:
        path = path.with_suffix(default_suffix)
    if not path.parent.is_dir():
        raise InvalidValueError(name, str(path), "its folder does not exist")
    if suffixes is not None and path.suffix.lower() not in suffixes:
        raise InvalidValueError(name, str(path), f"unknown image format; use one of {suffixes}")
    return path
