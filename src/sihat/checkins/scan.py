"""The scanner page's fallbacks when the camera cannot be used: the premise token from a
photo of the poster (read with zxing-cpp) or from text typed or pasted from the poster."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image, UnidentifiedImageError

from sihat.checkins import qr
from sihat.core.errors import Problem

MAX_PHOTO_BYTES = 8 * 1024 * 1024
_QR_ONLY = zxingcpp.barcode_formats_from_str("QRCode")


def token_of_photo(data: bytes) -> str:
    """The token of the first QR code in the photo; ``scan_unreadable`` when there is none."""
    if not data or len(data) > MAX_PHOTO_BYTES:
        raise Problem("scan_unreadable", field="photo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            grey = image.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):
        raise Problem("scan_unreadable", field="photo") from None
    for found in zxingcpp.read_barcodes(grey, formats=_QR_ONLY):
        token = token_of_text(found.text)
        if token:
            return token
    raise Problem("scan_unreadable", field="photo")


def token_of_text(text: str) -> str:
    """The token of a scanned URL or a bare token; empty when the text holds none. The
    token is checked (signature, premise, version) by the check-in page it leads to."""
    token = qr.token_from(text)
    return token if token and all(c.isalnum() or c in "-_.~" for c in token) else ""
