"""QR codes of ``HC1:`` text: written with ``segno`` (error correction Q, alphanumeric mode,
as the DCC specification asks), read back with ``zxing-cpp``."""

from __future__ import annotations

import io

import segno
import zxingcpp
from PIL import Image, UnidentifiedImageError

from sihat.certificates.codec import DecodeError

ERROR_CORRECTION = "Q"
_QR_ONLY = zxingcpp.barcode_formats_from_str("QRCode")


def qr_png(text: str, *, scale: int = 4, border: int = 4) -> bytes:
    """PNG bytes of the QR code; ``boost_error=False`` keeps the level at exactly Q."""
    code = segno.make_qr(text, error=ERROR_CORRECTION, boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_error_level(text: str) -> str:
    code = segno.make_qr(text, error=ERROR_CORRECTION, boost_error=False)
    return str(code.error).upper()


def read_qr(png: bytes) -> str:
    """The text of the (first) QR code in an image; ``DecodeError('bad_qr')`` when none."""
    try:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            grey = image.convert("L")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DecodeError("bad_qr", f"not a readable image: {exc}") from exc
    found = zxingcpp.read_barcodes(grey, formats=_QR_ONLY)
    if not found:
        raise DecodeError("bad_qr", "no QR code found in the image")
    return str(found[0].text)
