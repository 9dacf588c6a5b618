"""The report's words: bilingual sentences (Malay first, then English) built from the figures.

The HTML and the PDF report both read the sections built here, so they always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sihat.audit.summary import AuditSummary


def human(n: float, lang: str) -> str:
    """25,120,000 -> '25.12 juta' / '25.12 million', as the audit summary writes figures."""
    units = (
        (1e9, "bilion", "billion", 3),
        (1e6, "juta", "million", 2),
    )
    for size, ms, en, digits in units:
        if abs(n) >= size:
            value = f"{n / size:.{digits}f}".rstrip("0").rstrip(".")
            return f"{value} {ms if lang == 'ms' else en}"
    return f"{int(n):,}"


@dataclass
class Item:
    key: str
    id: str
    count: int  # the finding's headline (``summary.HEADLINES``), 0 when not run
    ms: str
    en: str
    title_ms: str
    title_en: str
    link: str | None
    run: bool = True
    extra: list[tuple[str, str]] = field(default_factory=list)
    unit_ms: str = ""
    unit_en: str = ""


def _n(x: Any) -> str:
    return f"{int(x):,}"


def _dup(c: dict[str, Any]) -> tuple[str, str, list[tuple[str, str]]]:
    hist = sorted(int(k) for k in c["accounts_per_individual"])
    rng_ms = f"antara {hist[0]} hingga {hist[-1]}" if hist else "lebih daripada satu"
    rng_en = f"{hist[0]} to {hist[-1]}" if hist else "several"
    ms = (
        f"{_n(c['individuals'])} individu mempunyai {rng_ms} akaun melibatkan "
        f"{_n(c['accounts'])} MySJ ID berstatus aktif dan disahkan identitinya serta telah "
        "menerima vaksin."
    )
    en = (
        f"{_n(c['individuals'])} individuals held {rng_en} accounts each: "
        f"{_n(c['accounts'])} MySJ IDs, all active, identity-verified and vaccinated."
    )
    extra: list[tuple[str, str]] = []
    prob = c.get("probable")
    if prob:
        extra.append(
            (
                f"Berasingan: {_n(prob['pair_count'])} pasangan akaun di bawah identiti berbeza "
                f"berkemungkinan milik individu yang sama (kebarangkalian ≥ {prob['threshold']}), "
                f"membentuk {_n(prob['cluster_count'])} kelompok.",
                f"Separately: {_n(prob['pair_count'])} pairs of accounts under different "
                f"identities are probably the same person (probability ≥ {prob['threshold']}), "
                f"forming {_n(prob['cluster_count'])} clusters.",
            )
        )
    return ms, en, extra


def _sentences(key: str, c: dict[str, Any], details: dict[str, Any]) -> tuple[str, str, list[Any]]:
    if key == "duplicate_accounts":
        return _dup(c)
    if key == "incomplete_vaccination_records":
        fields = ", ".join(f"{k} {_n(v)}" for k, v in c["by_field"].items())
        return (
            f"{_n(c['records'])} rekod vaksinasi tidak lengkap ({fields}).",
            f"{_n(c['records'])} incomplete vaccination records ({fields}).",
            [],
        )
    if key == "vaccinated_after_ppv_closed":
        return (
            f"{_n(c['records'])} rekod vaksinasi menunjukkan individu menerima vaksin selepas "
            "PPV ditutup.",
            f"{_n(c['records'])} vaccinations were recorded at a centre after it had closed.",
            [],
        )
    if key == "vaccinated_outside_ppv_period":
        return (
            f"{_n(c['records'])} rekod vaksinasi bertarikh di luar tempoh operasi PPV "
            "(sebelum dibuka atau semasa ditutup sementara).",
            f"{_n(c['records'])} vaccinations are dated outside the centre's operating periods "
            "(before it opened, or while it was temporarily closed).",
            [],
        )
    if key == "unknown_ppv":
        return (
            f"{_n(c['records'])} rekod vaksinasi merujuk kod PPV yang tiada dalam senarai PPV.",
            f"{_n(c['records'])} vaccination records name a centre code not in the centre list.",
            [],
        )
    if key == "uploaded_before_vaccination":
        return (
            f"{_n(c['records'])} rekod telah dimuat naik ke dalam sistem terlebih dahulu "
            "daripada tarikh divaksin.",
            f"{_n(c['records'])} records were uploaded before the vaccination date.",
            [],
        )
    if key == "unreasonable_upload_delay":
        return (
            f"Tempoh muat naik bagi {_n(c['records'])} rekod adalah tidak munasabah "
            f"(melebihi {c['threshold_days']} hari).",
            f"{_n(c['records'])} records had an unreasonable upload delay "
            f"(more than {c['threshold_days']} days).",
            [],
        )
    if key == "staff_changes_outside_app":
        acts = ", ".join(f"{k} {_n(v)}" for k, v in c["by_action"].items())
        return (
            f"{_n(c['events'])} pendaftaran, penamatan dan perubahan akaun pentadbir serta "
            f"pengguna PPV dibuat di luar aplikasi atau tanpa kelulusan yang betul ({acts}).",
            f"{_n(c['events'])} administrator and centre-user registrations, terminations and "
            f"changes were made outside the application or without proper approval ({acts}).",
            [],
        )
    if key == "bulk_downloads":
        extra = []
        for b in details.get("bulk", []):
            extra.append(
                (
                    f"{b['user_id']}: {human(b['records'], 'ms')} rekod dari {b['ips']} IP, "
                    f"{b['first']} hingga {b['last']}.",
                    f"{b['user_id']}: {human(b['records'], 'en')} records from {b['ips']} IPs, "
                    f"{b['first']} to {b['last']}.",
                )
            )
        total = sum(int(a["records"]) for a in c["accounts"])
        roles = sorted({str(a["role"]) for a in c["accounts"] if a["role"]})
        who = ", ".join(roles) or "-"
        return (
            f"{len(c['accounts'])} akaun ({who}) telah memuat turun {human(total, 'ms')} "
            "maklumat tanpa permohonan yang diluluskan, termasuk menggunakan pelbagai IP.",
            f"{len(c['accounts'])} {'account' if len(c['accounts']) == 1 else 'accounts'} "
            f"({who}) downloaded {human(total, 'en')} records "
            "without an approved request, including from several IP addresses.",
            extra,
        )
    if key == "intrusion_attempts":
        return (
            f"{human(c['attempts'], 'ms')} kali serangan pecah masuk aplikasi "
            f"({human(c['blocked'], 'ms')} disekat).",
            f"{human(c['attempts'], 'en')} intrusion attempts against the application "
            f"({human(c['blocked'], 'en')} blocked).",
            [],
        )
    if key == "irregular_payments":
        why = ", ".join(f"{k} {_n(v)}" for k, v in c["by_reason"].items())
        return (
            f"{_n(c['payments'])} bayaran perkhidmatan (RM {c['amount_myr']:,.2f}) diluluskan "
            f"secara tidak teratur ({why}).",
            f"{_n(c['payments'])} service payments (RM {c['amount_myr']:,.2f}) were approved "
            f"irregularly ({why}).",
            [],
        )
    raise KeyError(key)


def finding_items(summary: dict[str, Any], details: dict[str, Any]) -> list[Item]:
    figures = AuditSummary.from_summary(summary)
    items: list[Item] = []
    for test in summary["run"]["tests"]:
        key = test["key"]
        counts = summary["findings"][key]
        figure = figures.get(key)
        common = {
            "key": key,
            "id": test["id"],
            "title_ms": test["title_ms"],
            "unit_ms": figure.headline.unit_ms,
            "unit_en": figure.headline.unit_en,
        }
        if counts.get("status") == "not run":
            items.append(
                Item(
                    **common,
                    count=0,
                    ms="Tidak diuji: fail tiada dalam ekstrak.",
                    en="Not run: the file is absent from the extract.",
                    title_en=test["title_en"],
                    link=None,
                    run=False,
                )
            )
            continue
        ms, en, extra = _sentences(key, counts, details)
        items.append(
            Item(
                **common,
                count=figure.count or 0,
                ms=ms,
                en=en,
                title_en=test["title_en"],
                link=f"exceptions/{key}.csv",
                extra=extra,
            )
        )
    return items


def conclusion(items: list[Item]) -> tuple[str, str]:
    wrong = [i for i in items if i.run and i.count > 0]
    if not wrong:
        return (
            "Secara keseluruhannya, ujian audit ke atas ekstrak ini tidak menemui kelemahan.",
            "Overall, the audit tests on this extract found no weakness.",
        )
    return (
        "Secara keseluruhannya, pendaftaran penerima vaksin dan aplikasi telah diuji ke atas "
        f"ekstrak ini. Walau bagaimanapun, {len(wrong)} daripada "
        f"{sum(1 for i in items if i.run)} ujian menemui kelemahan dalam pendaftaran maklumat "
        "pengguna, pengurusan akaun pentadbiran, pengurusan dan keselamatan data yang boleh "
        "mendatangkan risiko penyalahgunaan akaun dan kebolehpercayaan data diragui.",
        f"Overall, vaccine registration and the app were tested on this extract. However, "
        f"{len(wrong)} of {sum(1 for i in items if i.run)} tests found weaknesses in user "
        "registration data, administrative account management, and data management and "
        "security that risk account misuse and make the data's reliability doubtful.",
    )
