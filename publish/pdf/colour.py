"""RGB → CMYK for the print edition, through the press's ICC profile (Pillow's ImageCms).

    rgb_to_cmyk("#1f4e79", profile)      -> (0.96, 0.63, 0.19, 0.34)   fractions 0–1
    device_cmyk("#1f4e79", profile)      -> "device-cmyk(0.96 0.63 0.19 0.34)"
    palette_css({"--accent": "#1f4e79"}, profile) -> ":root { --accent: device-cmyk(…); }"

Chromatic colours go sRGB → profile with relative colorimetric intent and black point
compensation (what a prepress application does with a house colour). Neutral greys and black
go on the black plate alone, as K matched to the grey's lightness on the profile's own K
ramp: a four-colour grey shifts hue with every registration error, and text darker than
solid K (such as #1b1b1b) is 0/0/0/100 rather than rich black.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
_ROOT_VAR = re.compile(r"(--[A-Za-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")
NEUTRAL = 2  # max − min of the 0–255 channels at or below which a colour is a grey


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    m = _HEX.match(hex_colour.strip())
    if not m:
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    v = m.group(1)
    return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)


@cache
def _transforms(profile: str, _stamp: tuple[int, int]):  # type: ignore[no-untyped-def]
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    lab = ImageCms.createProfile("LAB")
    # From bytes, not the path: LittleCMS reads a file profile's tags lazily through its open
    # file, and workers forked after the warm-up (publish/pdf/engine.py) share that file's
    # offset; two print PDFs rendered at once then read each other's positions ("OSError:
    # Could not get profile", once the release began with the print editions).
    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(Path(profile).read_bytes()))
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    to_cmyk = ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", intent, flags)
    rgb_to_lab = ImageCms.buildTransform(srgb, lab, "RGB", "LAB", intent)
    cmyk_to_lab = ImageCms.buildTransform(cmyk, lab, "CMYK", "LAB", intent)
    return to_cmyk, rgb_to_lab, cmyk_to_lab


def _apply(transform, mode: str, pixel: tuple[int, ...]) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    from PIL import Image

    out = transform.apply(Image.new(mode, (1, 1), pixel))
    return tuple(out.getpixel((0, 0)))


@cache
def _k_ramp(profile: str, stamp: tuple[int, int]) -> tuple[int, ...]:
    """L* (0–255 as Pillow encodes it) of K = 0…255 alone on this press."""
    from PIL import Image

    _, _, cmyk_to_lab = _transforms(profile, stamp)
    strip = Image.new("CMYK", (256, 1))
    strip.putdata([(0, 0, 0, k) for k in range(256)])
    lab = cmyk_to_lab.apply(strip)
    return tuple(lab.getpixel((k, 0))[0] for k in range(256))


def rgb_to_cmyk(hex_colour: str, profile: Path | str) -> tuple[float, float, float, float]:
    """CMYK fractions (0–1, two decimals) for an sRGB `#rrggbb` on the given press profile."""
    stat = Path(profile).stat()
    # Kept by the file's size and mtime too: a long-lived preview sees a replaced profile.
    return _separated(_rgb(hex_colour), str(profile), (stat.st_size, stat.st_mtime_ns))


# Kept per process: each Pillow transform serializes its output profile into the image it
# returns (ImageCms.ImageCmsTransform.apply), 4 ms for a 1 MB press profile, and a print PDF
# separates the same few colours as the last one did.
@cache
def _separated(
    rgb: tuple[int, int, int], profile: str, stamp: tuple[int, int]
) -> tuple[float, float, float, float]:
    to_cmyk, rgb_to_lab, _ = _transforms(profile, stamp)
    if max(rgb) - min(rgb) <= NEUTRAL:
        lightness = _apply(rgb_to_lab, "RGB", rgb)[0]
        ramp = _k_ramp(profile, stamp)
        # The lightest K at least as dark as the grey; darker than solid K is solid K.
        k = next((i for i, value in enumerate(ramp) if value <= lightness), 255)
        return (0.0, 0.0, 0.0, round(k / 255, 2))
    c, m, y, k = _apply(to_cmyk, "RGB", rgb)
    return tuple(round(v / 255, 2) for v in (c, m, y, k))  # type: ignore[return-value]


def number(value: float) -> str:
    """A colour fraction as the palette writes it: "0.96", "1", "0"."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def device_cmyk(hex_colour: str, profile: Path | str) -> str:
    """The CSS `device-cmyk()` form of `rgb_to_cmyk`, which WeasyPrint writes as DeviceCMYK."""
    return "device-cmyk(" + " ".join(number(v) for v in rgb_to_cmyk(hex_colour, profile)) + ")"


def root_colours(css: str) -> dict[str, str]:
    """`--name: #rrggbb;` custom properties declared in a stylesheet, in order."""
    return {name: value for name, value in _ROOT_VAR.findall(css)}


def palette_css(colours: dict[str, str], profile: Path | str) -> str:
    """A `:root` rule giving every colour variable its CMYK value on this press."""
    body = " ".join(f"{name}: {device_cmyk(value, profile)};" for name, value in colours.items())
    return f":root {{ {body} }}\n"
