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
        "Log masuk dahulu: anda akan kembali ke sini untuk mendaftar masuk.",
        "Log in first: you will come back here to check in.",
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
    "scan.title": ("Imbas kod QR premis", "Scan the premise's QR code"),
    "scan.intro": (
        "Halakan kamera ke poster kod QR di pintu masuk.",
        "Point the camera at the QR code poster at the entrance.",
    ),
    "scan.start": ("Buka kamera", "Open the camera"),
    "scan.stop": ("Tutup kamera", "Close the camera"),
    "scan.no_camera": (
        "Kamera tidak dapat dibuka. Gunakan gambar atau kod di bawah.",
        "The camera could not be opened. Use a photo or the code below.",
    ),
    "scan.photo": ("Atau pilih gambar poster", "Or choose a photo of the poster"),
    "scan.code": (
        "Atau taip alamat yang dicetak di bawah poster",
        "Or type the address printed at the foot of the poster",
    ),
    "scan.go": ("Teruskan", "Continue"),
    "scan.reading": ("Membaca kod...", "Reading the code..."),
    "scan.unreadable": (
        "Kod QR tidak dapat dibaca. Cuba lagi.",
        "The QR code could not be read. Try again.",
    ),
    "hist.title": ("Sejarah daftar masuk", "Check-in history"),
    "hist.none": ("Tiada daftar masuk dalam 14 hari lalu.", "No check-ins in the last 14 days."),
    "hist.note": (
        "14 hari terakhir. Rekod individu dipadam selepas 90 hari.",
        "The last 14 days. Individual records are deleted after 90 days.",
    ),
    "hist.in": ("Masuk", "In"),
    "hist.out": ("Keluar", "Out"),
    "hist.inside": ("Masih di dalam", "Still inside"),
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
    "pr.hotspot": ("Status hotspot dan panduan", "Hotspot status and guidance"),
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
