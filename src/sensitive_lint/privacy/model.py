"""What a privacy detector returns: one value that must be desensitised, with its mask kind."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Severity

# Mask kind of each rule (config.mask keys); PRIV007 (health) has no mask: it is reworded by hand.
RULE_KIND = {
    "PRIV001": "id", "PRIV002": "mobile", "PRIV003": "bank", "PRIV004": "uscc",
    "PRIV005": "landline", "PRIV006": "address", "PRIV007": "health", "PRIV008": "email",
    "PRIV009": "passport", "PRIV010": "plate",
}


@dataclass(frozen=True)
class Detection:
    rule: str
    start: int
    end: int
    severity: Severity
    confidence: float = 1.0
    note: str | None = None  # never holds the value itself

    @property
    def kind(self) -> str:
        return RULE_KIND[self.rule]
