"""Print settings: the house profile's `[print]` table, as the PDF renderer needs it.

    [print]
    standard = "x-4"          # x-4 (default), x-1a or x-3: what the printer asks for
    icc = "press/printer.icc" # the printer's CMYK profile, relative to publish.toml
    marks = true              # false: a bleed-only file for printers who impose themselves
    colour_bar = true         # the CMYK patches in the slug (only with marks)

The settings travel as a small picklable dataclass beside the document (a release passes
`doc JSON + options` to its worker processes), never inside the Document: they describe the
press, not the brief. Light to import: no WeasyPrint, Pillow only when a profile is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .paths import STYLES_DIR

STANDARDS = ("x-4", "x-1a", "x-3")
# ISO Coated v2 300% (basICColor): the FOGRA39 condition (ISO 12647-2, coated offset paper),
# zlib licence, shipped with its licence text (styles/icc/ISOcoated_v2_300_bas.txt).
DEFAULT_ICC = STYLES_DIR / "icc" / "ISOcoated_v2_300_bas.icc"
MAX_ICC = 10_000_000  # bytes: real press profiles are 0.5–3 MB


@dataclass(frozen=True)
class PrintSettings:
    standard: str = "x-4"
    icc: Path | None = None  # None: DEFAULT_ICC
    marks: bool = True
    colour_bar: bool = True

    @property
    def profile(self) -> Path:
        return self.icc or DEFAULT_ICC

    @property
    def pdf_variant(self) -> str:
        return f"pdf/{self.standard}"

    def inputs(self) -> list[Path]:
        """Files the print edition depends on beyond the brief (for the content hash)."""
        return [self.icc] if self.icc else []


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _standard(value: Any) -> str:
    text = str(value).strip().lower() if isinstance(value, str) else ""
    text = text.removeprefix("pdf/")
    if text not in STANDARDS:
        raise TypeError(f"one of {', '.join(STANDARDS)}")
    return text


def _icc(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("the path of an ICC profile, relative to publish.toml")
    return value.strip()


PRINT_FIELDS = {"standard": _standard, "icc": _icc, "marks": _bool, "colour_bar": _bool}


def check_print_table(table: Any, path: Path | str) -> dict[str, Any]:
    """The `[print]` table validated; an unknown key or a bad value is an InputError."""
    if not isinstance(table, dict):
        raise InputError("“print” must be a table: [print]", path=path)
    clean: dict[str, Any] = {}
    for key, value in table.items():
        if key not in PRINT_FIELDS:
            known = ", ".join(sorted(PRINT_FIELDS))
            raise InputError(f"unknown key “print.{key}” (known keys: {known})", path=path)
        try:
            clean[key] = PRINT_FIELDS[key](value)
        except TypeError as exc:
            raise InputError(f"key “print.{key}” must be {exc}", path=path) from None
    return clean


def check_icc(path: Path, *, named_in: Path | str | None = None) -> None:
    """A readable CMYK output (printer) profile, else one InputError naming the file."""
    from PIL import ImageCms

    where = named_in or path
    if not path.is_file():
        raise InputError(f"print ICC profile {path} does not exist", path=where)
    if path.stat().st_size > MAX_ICC:
        raise InputError(f"print ICC profile {path} is larger than {MAX_ICC:,} bytes", path=where)
    try:
        profile = ImageCms.getOpenProfile(str(path)).profile
    except (OSError, ImageCms.PyCMSError) as exc:
        raise InputError(f"print ICC profile {path} is not a valid ICC profile ({exc})",
                         path=where) from None  # fmt: skip
    if profile.xcolor_space.strip() != "CMYK" or profile.device_class != "prtr":
        raise InputError(
            f"print ICC profile {path} is a {profile.xcolor_space.strip()} "
            f"{profile.device_class} profile; a CMYK printer (prtr) profile is needed",
            path=where,
        )


def load_print_settings(house_profile: Path) -> PrintSettings:
    """The `[print]` table of a house profile (`publish.toml`); defaults when absent.

    A named ICC profile is resolved against the profile's folder and checked here, so that a
    broken profile is one clear error before anything renders.
    """
    from .tomlfile import read_toml

    if not house_profile.is_file():
        return PrintSettings()
    data = read_toml(house_profile)[1]
    table = check_print_table(data.get("print", {}), house_profile)
    icc = None
    if "icc" in table:
        icc = (house_profile.parent / table["icc"]).resolve()
        check_icc(icc, named_in=house_profile)
    return PrintSettings(
        standard=table.get("standard", "x-4"),
        icc=icc,
        marks=table.get("marks", True),
        colour_bar=table.get("colour_bar", True),
    )
