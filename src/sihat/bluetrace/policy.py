"""The MySJ Trace policy (``policies/bluetrace.toml``): the close-contact rule and the distance
estimate from RSSI with per-model calibration."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

CONFIRMATIONS = ("officer", "automatic")


@dataclass(frozen=True)
class Calibration:
    tx: float = 0.0
    rx: float = 0.0


@dataclass(frozen=True)
class Policy:
    version: str
    close_contact_minutes: int
    close_contact_metres: float
    confirmation: str
    path_loss_exponent: float
    rssi_at_1m: float
    smoothing_minutes: int = 1
    calibration: dict[str, Calibration] = field(default_factory=dict)

    def model(self, name: str | None) -> Calibration:
        return self.calibration.get(name or "", self.calibration.get("default", Calibration()))

    def distance(self, rssi: float, model_c: str | None, model_p: str | None) -> float:
        """Metres, from the RSSI the central (``model_c``) measured of the peripheral
        (``model_p``), both corrected by their calibration."""
        received = rssi + self.model(model_c).rx
        at_1m = self.rssi_at_1m + self.model(model_p).tx
        return float(10 ** ((at_1m - received) / (10 * self.path_loss_exponent)))

    def rssi_for(self, metres: float, model_c: str | None, model_p: str | None) -> float:
        """The inverse of :meth:`distance` (the simulator draws around it)."""
        at_1m = self.rssi_at_1m + self.model(model_p).tx
        received = at_1m - 10 * self.path_loss_exponent * math.log10(max(metres, 0.01))
        return received - self.model(model_c).rx


def parse(raw: dict[str, object]) -> Policy:
    confirmation = str(raw["confirmation"])
    if confirmation not in CONFIRMATIONS:
        raise ValueError(f"confirmation must be one of {CONFIRMATIONS}")
    table = raw.get("calibration", {})
    assert isinstance(table, dict)
    return Policy(
        version=str(raw["version"]),
        close_contact_minutes=int(raw["close_contact_minutes"]),  # type: ignore[call-overload]
        close_contact_metres=float(raw["close_contact_metres"]),  # type: ignore[arg-type]
        confirmation=confirmation,
        path_loss_exponent=float(raw["path_loss_exponent"]),  # type: ignore[arg-type]
        rssi_at_1m=float(raw["rssi_at_1m"]),  # type: ignore[arg-type]
        smoothing_minutes=int(raw.get("smoothing_minutes", 1)),  # type: ignore[call-overload]
        calibration={
            name: Calibration(float(v.get("tx", 0.0)), float(v.get("rx", 0.0)))
            for name, v in table.items()
        },
    )


@lru_cache
def load(name: str = "bluetrace.toml") -> Policy:
    text = resources.files("sihat.bluetrace").joinpath("policies", name).read_text()
    return parse(tomllib.loads(text))
