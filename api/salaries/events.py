"""What happens to a person's record that other features react to (api.core.events)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from api.core.audit import AuditContext


@dataclass(frozen=True)
class ConsentementRetire:
    """The last consent in force to share with a partner was withdrawn: sharing with that
    partner stops (the orientations package cancels the open orientations to it)."""

    context: AuditContext
    salarie_id: uuid.UUID
    partenaire_id: uuid.UUID
