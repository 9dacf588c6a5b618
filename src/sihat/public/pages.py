"""The home page: for a citizen who is logged in, the app's cards; for anyone else, what the
site offers and the way in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.web import DB, render
from sihat.identity.deps import Caller, optional_caller
from sihat.public import cards

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "home.title": ("Utama", "Home"),
        "home.hello": ("Selamat datang", "Welcome"),
        "home.checkin": ("Daftar masuk", "Check in"),
        "home.checkin_text": (
            "Imbas kod QR premis untuk diri anda dan tanggungan.",
            "Scan a premise's QR code for yourself and your dependents.",
        ),
        "home.status": ("Status saya", "My status"),
        "home.vaccination": ("Vaksinasi", "Vaccination"),
        "home.risk": ("Risiko (MyRisk)", "Risk (MyRisk)"),
        "home.risk_link": ("Butiran status risiko", "Risk status details"),
        "home.certificates": ("Sijil digital", "Digital certificates"),
        "home.certificates_count": ("sijil", "certificates"),
        "home.certificates_none": ("Tiada sijil lagi.", "No certificates yet."),
        "home.certificates_bad": ("tidak sah lagi", "not valid any more"),
        "home.certificates_open": ("Lihat kod QR dan PDF", "See QR codes and PDFs"),
        "home.dependents": ("Tanggungan", "Dependents"),
        "home.dependents_count": ("tanggungan", "dependents"),
        "home.dependents_open": ("Tambah dan urus", "Add and manage"),
        "home.appointments": ("Temu janji", "Appointments"),
        "home.appointments_none": ("Tiada temu janji terbuka.", "No open appointment."),
        "home.appointments_accept": ("menunggu jawapan anda", "waiting for your answer"),
        "home.appointments_open": ("Terima, tukar atau batal", "Accept, move or cancel"),
        "home.history": ("Sejarah daftar masuk", "Check-in history"),
        "home.history_none": ("Tiada daftar masuk dalam 14 hari.", "No check-ins in 14 days."),
        "home.history_open": ("Lihat semua", "See all"),
        "home.inbox": ("Peti masuk", "Inbox"),
        "home.inbox_unread": ("{n} mesej belum dibaca", "{n} unread messages"),
        "home.inbox_none": ("Tiada mesej baharu.", "No new messages."),
        "home.inbox_open": ("Buka peti masuk", "Open the inbox"),
        "home.open_scanner": ("Buka pengimbas", "Open the scanner"),
        "landing.lead": (
            "Sijil vaksinasi digital, status risiko dan daftar masuk premis, dalam satu aplikasi.",
            "Digital vaccination certificates, risk status and premise check-in, in one app.",
        ),
        "landing.have_account": ("Sudah ada akaun?", "Already have an account?"),
        "landing.verify": (
            "Petugas atau premis: semak sijil vaksinasi.",
            "Staff or premises: verify a vaccination certificate.",
        ),
        "landing.register": (
            "Daftar untuk vaksinasi tanpa akaun (web).",
            "Register for vaccination without an account (web).",
        ),
        "landing.staff": ("Kakitangan KKM dan PPV", "Ministry and vaccination centre staff"),
    }
)
i18n.labels(
    "vaccination",
    {
        "complete": ("Lengkap divaksin", "Fully vaccinated"),
        "partial": ("Separa divaksin", "Partially vaccinated"),
        "none": ("Belum divaksin", "Not vaccinated"),
    },
)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, session: Session = DB, caller: Caller | None = Depends(optional_caller)
) -> Response:
    if caller is None:
        return render(request, "public/landing.html")
    return render(
        request,
        "public/home.html",
        home=cards.home(session, caller.account),
        malaysia=clock.MALAYSIA,
    )
