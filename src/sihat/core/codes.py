"""The codes every part of the platform may answer with (HTTP status, English, Malay); the
catalogue in ``core.errors`` starts with these."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    "invalid_input": (422, "The request is not valid.", "Permintaan tidak sah."),
    "not_found": (404, "Not found.", "Tidak dijumpai."),
    "method_not_allowed": (405, "Method not allowed.", "Kaedah tidak dibenarkan."),
    "not_authenticated": (401, "Please log in.", "Sila log masuk."),
    "forbidden": (403, "You may not do this.", "Anda tidak dibenarkan berbuat demikian."),
    "too_many_attempts": (
        429,
        "Too many attempts. Try again later.",
        "Terlalu banyak percubaan. Cuba lagi kemudian.",
    ),
    "internal_error": (
        500,
        "Something went wrong on our side. Quote the request id when you contact us.",
        "Berlaku ralat di pihak kami. Nyatakan id permintaan apabila menghubungi kami.",
    ),
    "conflict": (
        409,
        "The request conflicts with another change. Try again.",
        "Permintaan bercanggah dengan perubahan lain. Cuba lagi.",
    ),
    "payload_too_large": (
        413,
        "The request body is too large.",
        "Kandungan permintaan terlalu besar.",
    ),
}
