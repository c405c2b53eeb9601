"""Findings: one row per decision the importer took or doubt it has, for the person checking the draft."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FINDING_COLUMNS = ["what", "where", "confidence", "why"]


@dataclass(frozen=True)
class Finding:
    what: str
    where: str
    confidence: str  # high | medium | low
    why: str


class Findings(list[Finding]):
    def add(self, what: str, where: str, confidence: str, why: str) -> None:
        self.append(Finding(what, where, confidence, why))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([f.__dict__ for f in self], columns=FINDING_COLUMNS)
