"""Check an output file given on the command line before any work is done."""

from __future__ import annotations

from pathlib import Path

from logistics.errors import InvalidValueError, one_of

__all__ = ["IMAGE_SUFFIXES", "check_not_an_input", "check_output_dir", "check_output_file"]

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
        raise InvalidValueError(name, str(path), "unknown image format; use " + one_of(suffixes))
    return path


def check_not_an_input(name: str, path: Path, inputs: dict[str, Path | None]) -> None:
    """``InvalidValueError`` naming option ``name`` when ``path`` is one of the files the
    command reads (``inputs``: what each is called -> its path): writing the output
    there would overwrite the input, e.g. the problem file with today's assignment."""
    for what, given in inputs.items():
        if given is not None and _same_file(path, given):
            raise InvalidValueError(
                name,
                str(path),
                f"is the {what} file, which this would overwrite; give another name",
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:  # one of them does not exist (yet)
        return a.resolve() == b.resolve()


def check_output_dir(name: str, path: Path) -> Path:
    """``path`` when it is a folder or can be made one, else ``InvalidValueError``
    naming option ``name``: a file, or a folder under a file, cannot hold the output
    (found before any work, not when writing after it)."""
    for at in (path, *path.parents):
        if at.exists():
            if not at.is_dir():
                what = "is a file" if at == path else f"is under the file {str(at)!r}"
                raise InvalidValueError(name, str(path), f"{what}; give a folder name")
            return path
    return path
