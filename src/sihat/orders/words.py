"""The words of the order pages and documents, Malay and English (registered with
``core.i18n`` by the pages)."""

from __future__ import annotations

KIND_TEXT: dict[str, tuple[str, str]] = {
    "HSO": ("Perintah Pengawasan di Rumah", "Home Surveillance Order"),
    "RO": ("Perintah Pelepasan", "Release Order"),
}

TEXT: dict[str, tuple[str, str]] = {
    "orders.title": ("Perintah pengawasan", "Surveillance orders"),
    "orders.area": ("Kawasan", "Area"),
    "orders.find_case": ("Cari kes (nombor kes)", "Find a case (case number)"),
    "orders.find": ("Cari", "Find"),
    "orders.case_person": ("Individu kes", "The case's person"),
    "orders.close_contact": ("Kontak rapat", "Close contact"),
    "orders.issue_hso": ("Keluarkan perintah pengawasan", "Issue a surveillance order"),
    "orders.release": ("Keluarkan perintah pelepasan", "Issue a release order"),
    "orders.current": ("Perintah semasa", "Current orders"),
    "orders.current_none": ("Tiada perintah semasa.", "No current orders."),
    "orders.recent_releases": ("Perintah pelepasan terkini", "Recent release orders"),
    "orders.alerts": ("Amaran penguatkuasaan", "Enforcement alerts"),
    "orders.alerts_none": ("Tiada amaran.", "No alerts."),
    "orders.alerts_help": (
        "Individu di bawah perintah pengawasan yang mendaftar masuk di mana-mana premis.",
        "People under a surveillance order who checked in at a premise.",
    ),
    "orders.no": ("No. perintah", "Order no."),
    "orders.kind": ("Jenis", "Kind"),
    "orders.state": ("Keadaan", "Status"),
    "orders.name": ("Nama", "Name"),
    "orders.id": ("No. pengenalan", "Identity no."),
    "orders.district": ("Daerah", "District"),
    "orders.from": ("Dari", "From"),
    "orders.until": ("Hingga", "Until"),
    "orders.issued": ("Dikeluarkan", "Issued"),
    "orders.checked_in": ("Masa daftar masuk", "Checked in at"),
    "orders.premise": ("Premis", "Premise"),
    "orders.automatic": ("Automatik (tamat tempoh)", "Automatic (order ran its course)"),
    "orders.mine": ("Perintah saya", "My orders"),
    "orders.mine_none": ("Tiada perintah.", "No orders."),
    "orders.print": ("Cetak", "Print"),
    "orders.scan": (
        "Majikan boleh mengimbas kod QR ini untuk mengesahkan perintah tanpa talian.",
        "An employer can scan this QR code to verify the order offline.",
    ),
    "orders.verify": ("Sahkan perintah", "Verify an order"),
    "orders.verify_help": (
        "Tampal teks dokumen perintah (bermula dengan SIHATORD1.) atau imbas kod QRnya.",
        "Paste the order document's text (starting with SIHATORD1.) or scan its QR code.",
    ),
    "orders.document": ("Dokumen", "Document"),
    "orders.check": ("Semak", "Check"),
    "orders.keys": ("Kunci awam", "Public keys"),
    "orders.back": ("Kembali", "Back"),
    "orders.status.ACTIVE": ("Berkuat kuasa", "In force"),
    "orders.status.RELEASED": ("Dilepaskan", "Released"),
    "orders.status.COMPLETED": ("Tamat tempoh", "Ran its course"),
    "orders.status.ISSUED": ("Dikeluarkan", "Issued"),
    "orders.kind.HSO": KIND_TEXT["HSO"],
    "orders.kind.RO": KIND_TEXT["RO"],
    "orders.on_card": ("Lihat dan cetak perintah anda", "See and print your order"),
}
