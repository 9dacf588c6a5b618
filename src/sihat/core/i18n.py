"""Malay and English for every page. Malay is the default; ``?lang=en`` or the ``lang`` cookie
switches. Domains register their page strings with :func:`register`."""

from __future__ import annotations

from fastapi import Request

LANGS = ("ms", "en")
_TEXT: dict[str, tuple[str, str]] = {}  # key -> (ms, en)


def register(entries: dict[str, tuple[str, str]]) -> None:
    _TEXT.update(entries)


def text(key: str, lang: str) -> str:
    ms, en = _TEXT.get(key, (key, key))
    return en if lang == "en" else ms


def other(lang: str) -> str:
    """The language one tap away."""
    return "en" if lang == "ms" else "ms"


def label(kind: str, value: object, lang: str) -> str:
    """How a stored value (an enum, a role, a status) is shown to a person: the registered
    ``enum.<kind>.<value>`` text; an unregistered value is shown as words, never as a code
    (``NEW_THING`` -> ``New thing``), and the tests walk the pages for leftovers."""
    key = f"enum.{kind}.{value}"
    if key in _TEXT:
        return text(key, lang)
    return str(value or "").replace("_", " ").strip().capitalize()


def labels(kind: str, entries: dict[str, tuple[str, str]]) -> None:
    """Register the Malay and English labels of one kind of value."""
    register({f"enum.{kind}.{value}": pair for value, pair in entries.items()})


def lang_of(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get("lang") or "ms"
    return chosen if chosen in LANGS else "ms"


register(
    {
        "app.name": ("sihat", "sihat"),
        "app.tagline": (
            "Platform vaksinasi dan daftar masuk kesihatan awam",
            "Vaccination and public-health check-in platform",
        ),
        "nav.home": ("Utama", "Home"),
        "nav.login": ("Log masuk", "Log in"),
        "nav.staff_login": ("Log masuk kakitangan", "Staff login"),
        "nav.logout": ("Log keluar", "Log out"),
        "nav.register": ("Daftar vaksinasi", "Register for vaccination"),
        "nav.verify": ("Semak sijil", "Verify a certificate"),
        "nav.certificates": ("Sijil saya", "My certificates"),
        "nav.signup": ("Cipta akaun", "Create account"),
        "nav.menu": ("Menu utama", "Main menu"),
        "nav.checkin": ("Daftar masuk", "Check in"),
        "nav.staff_home": ("Portal kakitangan", "Staff portal"),
        "nav.staff_short": ("Kakitangan", "Staff"),
        "nav.skip": ("Langkau ke kandungan", "Skip to content"),
        "nav.account": ("Akaun saya", "My account"),
        "lang.switch": ("English", "Bahasa Melayu"),
        "lang.switch_short": ("EN", "BM"),
        "error.back_home": ("Kembali ke halaman utama", "Back to the home page"),
        "error.reference": ("Rujukan", "Reference"),
        "offline.note": (
            "Anda di luar talian: ini salinan terakhir yang disimpan.",
            "You are offline: this is the last copy saved.",
        ),
        "error.title": ("Ralat", "Error"),
        "form.submit": ("Hantar", "Submit"),
    }
)

labels(
    "id_type",
    {
        "MYKAD": ("MyKad (kad pengenalan)", "MyKad (identity card)"),
        "MYPR": ("MyPR (penduduk tetap)", "MyPR (permanent resident)"),
        "MYKAS": ("MyKAS (pemastautin sementara)", "MyKAS (temporary resident)"),
        "MYTENTERA": ("MyTentera (kad tentera)", "MyTentera (armed forces card)"),
        "PASSPORT": ("Pasport", "Passport"),
        "OTHER": ("Dokumen lain", "Other document"),
    },
)
labels(
    "relationship",
    {
        "SELF": ("Diri sendiri", "Myself"),
        "CHILD": ("Anak", "Child"),
        "PARENT": ("Ibu atau bapa", "Parent"),
        "SPOUSE": ("Suami atau isteri", "Spouse"),
        "GRANDPARENT": ("Datuk atau nenek", "Grandparent"),
        "OTHER": ("Lain-lain", "Other"),
    },
)
