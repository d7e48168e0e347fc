"""The project's fixed vocabularies, written once and importing nothing, so the command line's help and checks
can use them without loading the core. ``geo.territory`` and ``geo.events`` publish them under their names."""

from __future__ import annotations

__all__ = ["STATUSES", "OCCUPIED", "EVENT_TYPES", "CLAIM_ACTIONS", "EVERY"]

STATUSES = ("crimea", "pre2022", "occupied", "grey", "liberated")
"""Territory statuses, in order of precedence where polygons overlap."""
OCCUPIED = ("crimea", "pre2022", "occupied")
"""What DeepState counts as occupied."""
EVENT_TYPES = ("talks", "strike", "attack", "advance", "capture", "withdrawal", "atrocity", "deployment",
               "equipment_loss", "statement")
"""The types of event the grammar finds."""
CLAIM_ACTIONS = ("advance", "capture", "withdrawal")
"""Event types that are claims about ground changing hands."""
EVERY = ("day", "week", "month")
"""The periods a series steps by (``--every``)."""
