"""Charts for the report (matplotlib, headless): each returned as SVG text and PNG bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

GROUPS = (
    ("Aplikasi MySejahtera / app", ("MYSJ",)),
    ("Laman Web/Hotline", ("WEB", "HOTLINE")),
    ("Walk-in/outreach", ("WALKIN", "OUTREACH")),
)


@dataclass
class Chart:
    name: str
    caption_ms: str
    caption_en: str
    svg: str
    png: bytes


def _render(fig: Any) -> tuple[str, bytes]:
    import matplotlib.pyplot as plt

    svg, png = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    fig.savefig(png, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    text = svg.getvalue()
    return text[text.find("<svg") :], png.getvalue()


def _figure(width: float = 7.0, height: float = 3.2) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "sihat-audit"
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def grouped(by_channel: dict[str, int]) -> list[int]:
    return [sum(int(by_channel.get(c, 0)) for c in chans) for _, chans in GROUPS]


def outputs_chart(outputs: dict[str, Any]) -> Chart | None:
    regs, recs = outputs.get("registrations_by_channel"), outputs.get("recipients_by_channel")
    if not regs or "status" in regs:
        return None
    fig, ax = _figure()
    labels = [g for g, _ in GROUPS]
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], grouped(regs), width=0.4, label="Pendaftaran / Registrations")
    if recs and "status" not in recs:
        ax.bar([x + 0.2 for x in xs], grouped(recs), width=0.4, label="Penerima / Recipients")
    ax.set_xticks(list(xs), labels)
    ax.legend()
    ax.set_ylabel("individu / individuals")
    svg, png = _render(fig)
    return Chart(
        "outputs",
        "Pendaftaran dan penerima vaksin mengikut saluran",
        "Vaccine registrations and recipients by channel",
        svg,
        png,
    )


def outcomes_chart(monthly: list[dict[str, Any]]) -> Chart | None:
    if not monthly:
        return None
    fig, ax = _figure()
    months = [m["month"] for m in monthly]
    ax.plot(months, [m["myrisk_views"] for m in monthly], color="tab:blue", label="MyRisk")
    ax.set_ylabel("paparan MyRisk / MyRisk views", color="tab:blue")
    twin = ax.twinx()
    twin.plot(months, [m["new_cases"] for m in monthly], color="tab:red", label="kes / cases")
    twin.set_ylabel("kes baharu / new cases", color="tab:red")
    step = max(1, len(months) // 8)
    ax.set_xticks(months[::step], months[::step], rotation=45, ha="right")
    svg, png = _render(fig)
    return Chart(
        "outcomes",
        "Penggunaan MyRisk dan kes baharu sebulan",
        "MyRisk use and new cases per month",
        svg,
        png,
    )


def findings_chart(items: list[Any]) -> Chart | None:
    shown = [i for i in items if i.run and i.count > 0]
    if not shown:
        return None
    fig, ax = _figure(7.0, 0.45 * len(shown) + 1.0)
    ax.barh([f"{i.id} {i.key}" for i in shown], [i.count for i in shown], color="tab:orange")
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("bilangan (skala log) / count (log scale)")
    svg, png = _render(fig)
    return Chart("findings", "Penemuan mengikut ujian", "Findings by test", svg, png)


def delays_chart(delays: list[tuple[int, int]], threshold: int) -> Chart | None:
    if not delays:
        return None
    fig, ax = _figure()
    colours = ["tab:red" if d < 0 or d > threshold else "tab:green" for d, _ in delays]
    ax.bar([d for d, _ in delays], [n for _, n in delays], color=colours)
    ax.set_yscale("log")
    ax.set_xlabel("hari dari vaksinasi ke muat naik / days from vaccination to upload")
    svg, png = _render(fig)
    return Chart(
        "delays",
        f"Tempoh muat naik (merah: sebelum divaksin atau > {threshold} hari)",
        f"Upload delay (red: before vaccination or > {threshold} days)",
        svg,
        png,
    )
