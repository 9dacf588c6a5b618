"""Malay and English text of the hotspot pages."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "hs.title": ("Hotspot dan zon", "Hotspots and zones"),
    "hs.lead": (
        "Kes disahkan dalam {days} hari lalu, hingga {day}. Warna zon: merah 41 kes atau lebih, "
        "jingga 21–40, kuning 1–20, hijau tiada kes.",
        "Confirmed cases in the last {days} days, up to {day}. Zone colours: red 41 cases or "
        "more, orange 21–40, yellow 1–20, green no cases.",
    ),
    "hs.map": ("Peta zon", "Zone map"),
    "hs.map_note": (
        "Setiap heksagon ialah kawasan kira-kira 5 km² di mana kes pernah berada di premis. "
        "Kiraan di bawah {k} ditunjukkan sebagai \u201ckurang daripada {k}\u201d.",
        "Each hexagon is an area of about 5 km² where cases were at premises. "
        "Counts below {k} are shown as \u201cfewer than {k}\u201d.",
    ),
    "hs.map_nojs": (
        "Peta memerlukan JavaScript; jadual daerah di bawah menunjukkan angka yang sama.",
        "The map needs JavaScript; the district table below gives the same figures.",
    ),
    "hs.no_cells": (
        "Tiada kes di premis yang berlokasi dalam tempoh ini.",
        "No cases at located premises in this period.",
    ),
    "hs.legend": ("Petunjuk", "Legend"),
    "hs.colour.red": ("Merah", "Red"),
    "hs.colour.orange": ("Jingga", "Orange"),
    "hs.colour.yellow": ("Kuning", "Yellow"),
    "hs.colour.green": ("Hijau", "Green"),
    "hs.districts": ("Daerah dengan kes", "Districts with cases"),
    "hs.districts_none": ("Tiada daerah dengan kes.", "No district has cases."),
    "hs.districts_green": (
        "{n} daerah lain hijau (tiada kes).",
        "{n} other districts are green (no cases).",
    ),
    "hs.state": ("Negeri", "State"),
    "hs.district": ("Daerah", "District"),
    "hs.cases": ("Kes", "Cases"),
    "hs.zone": ("Zon", "Zone"),
    "hs.fewer": ("kurang daripada {k}", "fewer than {k}"),
    "hs.tracker": ("Penjejak Hotspot", "Hotspot Tracker"),
    "hs.tracker_lead": (
        "Berapa kes dalam lingkungan {km} km dari satu tempat, dalam {days} hari lalu.",
        "How many cases within {km} km of a place, in the last {days} days.",
    ),
    "hs.here_label": ("Tempat anda (kawasan 1 km)", "Your place (1 km around)"),
    "hs.lat": ("Latitud", "Latitude"),
    "hs.lng": ("Longitud", "Longitude"),
    "hs.here": ("Guna lokasi saya", "Use my location"),
    "hs.check": ("Semak", "Check"),
    "hs.locating": ("Mencari lokasi anda…", "Finding your location…"),
    "hs.no_location": (
        "Lokasi tidak dapat dibaca. Taipkan latitud dan longitud.",
        "Your location could not be read. Type the latitude and longitude.",
    ),
    "hs.result": (
        "{n} kes dalam lingkungan {km} km dalam {days} hari lalu.",
        "{n} cases within {km} km in the last {days} days.",
    ),
    "hs.result_fewer": (
        "Kurang daripada {k} kes dalam lingkungan {km} km dalam {days} hari lalu.",
        "Fewer than {k} cases within {km} km in the last {days} days.",
    ),
    "hs.privacy": (
        "Tiada lokasi kes didedahkan: tempat anda dan premis kes dibundarkan ke kawasan "
        "heksagon, dan kiraan kecil tidak ditunjukkan.",
        "No case's location is revealed: your place and the cases' premises are rounded to "
        "hexagonal areas, and small counts are not shown.",
    ),
    "hs.premise_title": ("Status hotspot premis", "Premise hotspot status"),
    "hs.premise_cases": (
        "Kes disahkan yang berada di premis ini dalam {days} hari lalu: {n}.",
        "Confirmed cases who were at this premise in the last {days} days: {n}.",
    ),
    "hs.level.none": ("Bukan hotspot", "Not a hotspot"),
    "hs.level.SMALL": ("Hotspot kecil", "Small hotspot"),
    "hs.level.LARGE": ("Hotspot besar", "Large hotspot"),
    "hs.size.SMALL": ("Kecil", "Small"),
    "hs.size.LARGE": ("Besar", "Large"),
    "hs.rule": (
        "Peraturan: {small} kes berbeza atau lebih dalam {days} hari = hotspot kecil; {large} "
        "atau lebih = hotspot besar.",
        "Rule: {small} or more different cases in {days} days = small hotspot; {large} or "
        "more = large hotspot.",
    ),
    "hs.guidance": ("Apa yang perlu dilakukan", "What to do"),
    "hs.guide.none.1": (
        "Teruskan: poster kod QR di setiap pintu masuk, daftar masuk untuk setiap pengunjung.",
        "Carry on: the QR poster at every entrance, a check-in for every visitor.",
    ),
    "hs.guide.none.2": (
        "Pastikan pengudaraan baik dan hadkan kesesakan.",
        "Keep the place well ventilated and avoid crowding.",
    ),
    "hs.guide.SMALL.1": (
        "Bersihkan dan nyahkuman permukaan yang kerap disentuh hari ini.",
        "Clean and disinfect the surfaces people touch often today.",
    ),
    "hs.guide.SMALL.2": (
        "Minta pekerja memantau gejala dan menjalani ujian jika bergejala.",
        "Ask your workers to watch for symptoms and to test if they have any.",
    ),
    "hs.guide.SMALL.3": (
        "Kurangkan bilangan pengunjung dalam satu masa dan pastikan semua mendaftar masuk.",
        "Lower the number of visitors at a time and make sure everyone checks in.",
    ),
    "hs.guide.LARGE.1": (
        "Pejabat kesihatan daerah akan menghubungi anda: ikut arahan mereka.",
        "The district health office will contact you: follow their instructions.",
    ),
    "hs.guide.LARGE.2": (
        "Nyahkuman seluruh premis dan minta semua pekerja menjalani ujian.",
        "Disinfect the whole premise and ask all workers to take a test.",
    ),
    "hs.guide.LARGE.3": (
        "Pertimbangkan menutup sementara sehingga pembersihan selesai.",
        "Consider closing for a while until the cleaning is done.",
    ),
    "hs.back_premise": ("Kembali ke premis", "Back to the premise"),
    "hs.staff_title": ("Premis hotspot", "Hotspot premises"),
    "hs.staff_lead": (
        "Premis dengan kelompok kes pada {day} (tetingkap {days} hari), kawasan anda: {area}.",
        "Premises with case clusters on {day} ({days}-day window), your area: {area}.",
    ),
    "hs.area_all": ("seluruh negara", "the whole country"),
    "hs.premise": ("Premis", "Premise"),
    "hs.level": ("Tahap", "Level"),
    "hs.last_seen": ("Kes terakhir", "Last case"),
    "hs.staff_none": (
        "Tiada premis hotspot dalam kawasan anda.",
        "No hotspot premises in your area.",
    ),
    "hs.summary": ("Ringkasan", "Summary"),
    "hs.count_large": ("Hotspot besar", "Large hotspots"),
    "hs.count_small": ("Hotspot kecil", "Small hotspots"),
    "hs.public_map": ("Peta zon awam", "Public zone map"),
    "hs.card": ("Hotspot", "Hotspots"),
    "hs.card_red": ("{n} daerah zon merah", "{n} districts in the red zone"),
    "hs.card_text": ("Zon kes dan penjejak 1 km.", "Case zones and a 1 km tracker."),
    "hs.card_open": ("Lihat peta hotspot", "See the hotspot map"),
}
