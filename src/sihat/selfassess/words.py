"""The words of the self-assessment and self-test pages, Malay and English (registered with
``core.i18n`` by the pages). The questions' own texts are in the questionnaire file."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "sa.title": ("Penilaian kendiri", "Self-assessment"),
    "sa.lead": (
        "Jawab beberapa soalan ringkas tentang kesihatan anda hari ini. Ia mengambil masa "
        "kurang dari satu minit.",
        "Answer a few short questions about your health today. It takes less than a minute.",
    ),
    "sa.for": ("Untuk", "For"),
    "sa.dependent": ("Tanggungan", "Dependent"),
    "sa.start": ("Mula", "Start"),
    "sa.continue": ("Sambung", "Continue"),
    "sa.today.none": ("Belum dibuat hari ini.", "Not done today yet."),
    "sa.today.started": ("Dimulakan, belum dihantar.", "Started, not sent yet."),
    "sa.today.done": ("Selesai hari ini.", "Done today."),
    "sa.task_due": (
        "Tugasan harian: sila lengkapkan hari ini.",
        "Daily task: please complete it today.",
    ),
    "sa.task_why": (
        "Anda diminta membuatnya setiap hari selagi status risiko anda dipantau.",
        "You are asked to do it every day while your risk status is being watched.",
    ),
    "sa.tasks": ("Tugasan harian (14 hari)", "Daily tasks (14 days)"),
    "sa.tasks_none": ("Tiada tugasan harian.", "No daily tasks."),
    "sa.task.DUE": ("Belum dibuat", "To do"),
    "sa.task.DONE": ("Selesai", "Done"),
    "sa.task.MISSED": ("Terlepas", "Missed"),
    "sa.day": ("Tarikh", "Date"),
    "sa.status": ("Keadaan", "Status"),
    "sa.question_of": ("Soalan {n} daripada {total}", "Question {n} of {total}"),
    "sa.next": ("Seterusnya", "Next"),
    "sa.back": ("Kembali", "Back"),
    "sa.skip_hint": ("Boleh dibiarkan kosong.", "You may leave it empty."),
    "sa.yes": ("Ya", "Yes"),
    "sa.no": ("Tidak", "No"),
    "sa.review": ("Semak jawapan anda", "Check your answers"),
    "sa.change": ("Ubah", "Change"),
    "sa.not_given": ("Tidak diberi", "Not given"),
    "sa.send": ("Hantar", "Send"),
    "sa.thanks": (
        "Terima kasih. Penilaian anda telah dihantar.",
        "Thank you. Your assessment was sent.",
    ),
    "sa.outcome.none": (
        "Jawapan anda tidak menunjukkan risiko. Teruskan amalan kesihatan yang baik.",
        "Your answers show no risk. Keep up good health habits.",
    ),
    "sa.outcome.status": (
        "Berdasarkan jawapan anda, status risiko kini:",
        "From your answers, the risk status is now:",
    ),
    "sa.outcome.advice": (
        "Duduk di rumah, elakkan orang lain, dan buat ujian kendiri. Jika sesak nafas, "
        "hubungi 999.",
        "Stay at home, keep away from others and take a self-test. If you are short of "
        "breath, call 999.",
    ),
    "sa.see_risk": ("Lihat status risiko", "See the risk status"),
    "sa.home": ("Kembali ke utama", "Back to home"),
    "sa.card": ("Penilaian kendiri dan ujian kendiri", "Self-assessment and self-test"),
    "sa.card_due": ("{n} tugasan hari ini", "{n} tasks today"),
    "sa.card_none": ("Tiada tugasan hari ini.", "No task today."),
    "sa.card_open": ("Buat penilaian", "Do the assessment"),
    "sa.card_test": ("Lapor ujian kendiri", "Report a self-test"),
    # self-test
    "st.title": ("Lapor ujian kendiri", "Report a self-test"),
    "st.lead": (
        "Laporkan keputusan kit ujian kendiri COVID-19 untuk diri anda atau tanggungan.",
        "Report the result of a COVID-19 self-test kit for yourself or a dependent.",
    ),
    "st.who": ("Siapa yang diuji?", "Who was tested?"),
    "st.result": ("Keputusan", "Result"),
    "st.result.POSITIVE": ("Positif (dua garis)", "Positive (two lines)"),
    "st.result.NEGATIVE": ("Negatif (satu garis pada C)", "Negative (one line at C)"),
    "st.result.INVALID": ("Tidak sah (tiada garis pada C)", "Invalid (no line at C)"),
    "st.shown.POSITIVE": ("Positif", "Positive"),
    "st.shown.NEGATIVE": ("Negatif", "Negative"),
    "st.shown.INVALID": ("Tidak sah", "Invalid"),
    "st.brand": ("Jenama kit ujian", "Test kit brand"),
    "st.choose": ("Pilih…", "Choose…"),
    "st.when": ("Bila ujian dibuat? (waktu Malaysia)", "When was the test taken? (Malaysia time)"),
    "st.when_hint": ("Biarkan kosong jika baru sahaja.", "Leave it empty if just now."),
    "st.photo": ("Foto kit ujian (pilihan)", "Photo of the test kit (optional)"),
    "st.photo_hint": (
        "JPEG, PNG atau WebP, paling besar 3 MB. Lokasi dan butiran kamera dibuang.",
        "JPEG, PNG or WebP, at most 3 MB. Location and camera details are removed.",
    ),
    "st.place": ("Tempat tinggal sekarang", "Where you are staying now"),
    "st.place_hint": (
        "Hanya jika berbeza daripada daerah berdaftar, atau jika tiada daerah berdaftar. "
        "Diperlukan untuk keputusan positif.",
        "Only if different from the registered district, or if none is registered. Needed "
        "for a positive result.",
    ),
    "st.place_registered": ("Daerah berdaftar", "Registered district"),
    "st.send": ("Hantar keputusan", "Send the result"),
    "st.sent": ("Keputusan telah direkodkan.", "The result was recorded."),
    "st.sent_again": (
        "Keputusan ini sudah dilaporkan hari ini; tiada yang berubah.",
        "This result was already reported today; nothing changed.",
    ),
    "st.positive_next": (
        "Asingkan diri di rumah sekarang. Pegawai kesihatan akan mengesahkan kes anda dan "
        "menghubungi anda. Jika sesak nafas, hubungi 999.",
        "Isolate at home now. A health officer will confirm your case and contact you. If "
        "you are short of breath, call 999.",
    ),
    "st.negative_next": (
        "Jika anda bergejala, ulang ujian selepas 24 jam.",
        "If you have symptoms, test again after 24 hours.",
    ),
    "st.invalid_next": (
        "Kit ini tidak memberi keputusan. Buat ujian semula dengan kit baharu.",
        "This kit gave no result. Test again with a new kit.",
    ),
    "st.history": ("Ujian kendiri terkini", "Recent self-tests"),
    "st.history_none": ("Tiada ujian kendiri dilaporkan.", "No self-tests reported."),
    "st.photo_kept": ("foto disimpan", "photo kept"),
    # officer
    "sao.title": ("Penilaian kendiri: pematuhan", "Self-assessment: completion"),
    "sao.area": ("Kawasan", "Area"),
    "sao.national": ("Seluruh negara", "National"),
    "sao.chart": (
        "Carta: tugasan harian yang perlu dan yang selesai, 14 hari (panjang bar = bilangan)",
        "Chart: daily tasks due and done, 14 days (bar length = count)",
    ),
    "sao.started": ("Dimulakan", "Started"),
    "sao.completed": ("Dihantar", "Completed"),
    "sao.due": ("Tugasan perlu", "Tasks due"),
    "sao.done": ("Tugasan selesai", "Tasks done"),
    "sao.rate": ("Kadar selesai", "Completion"),
    "sao.panel_rate": ("Tugasan harian selesai, 7 hari", "Daily tasks done, 7 days"),
    "sao.panel_chart": (
        "Carta: tugasan perlu (kelabu) dan selesai (hijau) sehari",
        "Chart: tasks due (grey) and done (green) per day",
    ),
    "sao.panel_open": ("Butiran dan tugasan terlepas", "Details and missed tasks"),
    "sao.tasks_col": ("Tugasan: perlu / selesai", "Tasks: due / done"),
    "sao.assess_col": ("Penilaian: mula / hantar", "Assessments: started / sent"),
    "sao.missed": ("Tugasan terlepas (14 hari)", "Missed tasks (14 days)"),
    "sao.missed_help": (
        "Individu dalam pemantauan atau kontak yang tidak melengkapkan penilaian harian. "
        "Hubungi mereka.",
        "People under surveillance or contacts who did not complete the daily assessment. "
        "Contact them.",
    ),
    "sao.missed_none": ("Tiada tugasan terlepas.", "No missed tasks."),
    "sao.name": ("Nama", "Name"),
    "sao.id": ("No. pengenalan", "Identity no."),
    "sao.district": ("Daerah", "District"),
    "sao.why": ("Status ketika itu", "Status then"),
    "sao.tests": ("Ujian kendiri mengikut hari (seluruh negara)", "Self-tests by day (national)"),
}
