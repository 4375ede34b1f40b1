"""Imports every feature's models so that Base.metadata knows all tables (Alembic, tests)."""

from api.candidatures import models as candidatures_models
from api.connecteurs import models as connecteurs_models
from api.conventions import models as conventions_models
from api.core import audit as audit_models
from api.core import idempotency as idempotency_models
from api.core import outbox as outbox_models
from api.core import ratelimit as ratelimit_models
from api.core.db import Base
from api.freins import models as freins_models
from api.identity import models as identity_models
from api.imports import models as imports_models
from api.orientations import models as orientations_models
from api.parcours import models as parcours_models
from api.rgpd import models as rgpd_models
from api.salaries import models as salaries_models
from api.statistiques import models as statistiques_models
from api.structures import models as structures_models
from api.territoires import models as territoires_models
from api.webhooks import models as webhooks_models

metadata = Base.metadata

__all__ = [
    "audit_models",
    "candidatures_models",
    "connecteurs_models",
    "conventions_models",
    "freins_models",
    "idempotency_models",
    "identity_models",
    "imports_models",
    "metadata",
    "orientations_models",
    "outbox_models",
    "parcours_models",
    "ratelimit_models",
    "rgpd_models",
    "salaries_models",
    "statistiques_models",
    "structures_models",
    "territoires_models",
    "webhooks_models",
]
