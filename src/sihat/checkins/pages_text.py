"""Malay and English text of the check-in pages."""

from __future__ import annotations

from sihat.core import i18n

TEXT: dict[str, tuple[str, str]] = {
    "ci.title": ("Daftar masuk", "Check in"),
    "ci.at": ("Anda di", "You are at"),
    "ci.who": ("Siapa yang masuk?", "Who is coming in?"),
    "ci.self": ("Saya sendiri", "Myself"),
    "ci.button": ("Daftar masuk", "Check in"),
    "ci.login_first": (
        "Log masuk dahulu, kemudian imbas kod ini semula.",
        "Log in first, then scan this code again.",
    ),
    "ci.done": ("Daftar masuk berjaya", "Checked in"),
    "ci.show_door": (
        "Tunjukkan skrin ini kepada petugas di pintu masuk.",
        "Show this screen to the staff at the door.",
    ),
    "ci.you": ("Anda", "You"),
    "ci.dependent": ("Tanggungan", "Dependent"),
    "ci.repeat": ("(imbasan berulang: lawatan yang sama)", "(repeat scan: same visit)"),
    "ci.checkout": ("Daftar keluar", "Check out"),
    "ci.checked_out": ("Daftar keluar berjaya", "Checked out"),
    "pr.title": ("Premis saya", "My premises"),
    "pr.register": ("Daftar premis baharu", "Register a new premise"),
    "pr.name": ("Nama premis", "Premise name"),
    "pr.category": ("Kategori", "Category"),
    "pr.address": ("Alamat", "Address"),
    "pr.district": ("Negeri dan daerah", "State and district"),
    "pr.none": ("Tiada premis lagi.", "No premises yet."),
    "pr.poster": ("Poster untuk dicetak", "Poster to print"),
    "pr.poster_pdf": ("PDF (A4)", "PDF (A4)"),
    "pr.poster_png": ("PNG (A4)", "PNG (A4)"),
    "pr.both": ("Dua bahasa", "Both languages"),
    "pr.rotate": (
        "Tukar kod QR (kod lama tidak lagi diterima)",
        "Replace the QR code (the old one stops working)",
    ),
    "pr.rotated": (
        "Kod QR baharu dikeluarkan. Cetak poster baharu.",
        "A new QR code was issued. Print the new poster.",
    ),
    "pr.counts": ("Jumlah daftar masuk (7 hari)", "Check-ins (7 days)"),
    "pr.day": ("Tarikh", "Date"),
    "pr.checkins": ("Daftar masuk", "Check-ins"),
    "pr.open": ("Masih di premis", "Still inside"),
    "pr.counts_note": (
        "Anda hanya melihat jumlah, bukan siapa yang datang.",
        "You see numbers only, never who came.",
    ),
    "pr.manual": ("Daftar masuk pelawat tanpa telefon", "Check in a visitor without a phone"),
    "pr.visitor_name": ("Nama pelawat", "Visitor's name"),
    "pr.visitor_phone": ("Nombor telefon pelawat", "Visitor's phone number"),
    "pr.manual_done": ("Pelawat didaftar masuk.", "Visitor checked in."),
    "pr.back": ("Kembali ke premis", "Back to the premise"),
}


def register_text() -> None:
    i18n.register(TEXT)
