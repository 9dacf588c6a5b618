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
        "lang.switch": ("English", "Bahasa Melayu"),
        "error.title": ("Ralat", "Error"),
        "form.submit": ("Hantar", "Submit"),
    }
)
