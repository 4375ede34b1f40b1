"""Every feature's event handlers (api.core.events), registered by importing this module.

The entry points import it (`api.main` for the app, `api.cli` for the worker and commands); a
feature that starts handling an event adds its `handlers` module here.
"""

from __future__ import annotations

import api.orientations.handlers  # noqa: F401  (registers on import)
