"""Who may do what: the one table of roles, permissions and API-client scopes.

Routes declare `requires(Permission.x)`; services ask `actor.can(Permission.x)` only for the
checks that depend on the data (a health domaine, a restricted note). `GET /api/v1/moi`
returns the caller's permissions and the SPA asks `can(moi, "...")`: no other copy of these
sets exists, in the API or in the SPA.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

from api.referentiel import Role, Scope, TypeConvention, TypeStructure

if TYPE_CHECKING:
    from api.settings import Settings


class Permission(enum.StrEnum):
    # Reference data: territoires, structures, the freins référentiel.
    reference_read = "reference:read"
    territoires_write = "territoires:write"
    structures_write = "structures:write"
    referentiel_write = "referentiel:write"
    conventions_read = "conventions:read"
    conventions_write = "conventions:write"
    """Conventions of every type in one's perimeter (partnerships, see below, included)."""
    conventions_partenariat = "conventions:partenariat"
    """Partnership conventions in one's perimeter: the gate of every convention write."""
    candidatures_instruire = "candidatures:instruire"
    """Read and decide the applications to join the network of one's territoires."""
    # People's files.
    salaries_read = "salaries:read"
    """Identity, contracts and statut of the people of the perimeter."""
    parcours_write = "parcours:write"
    """Write people's files and read everything in them (but health, see `sante:read`)."""
    journal_read = "journal:read"
    journal_restreint = "journal:restreint"
    """Notes marked `restreint`."""
    freins_read = "freins:read"
    """Levels of every domaine (diagnostics and freins without health details)."""
    sante_read = "sante:read"
    """Health details: situations, comments, freins and actions of the `sante` domaine."""
    a_faire_read = "a_faire:read"
    # Orientations.
    orientations_read = "orientations:read"
    orientations_create = "orientations:create"
    orientations_message = "orientations:message"
    orientations_answer = "orientations:answer"
    """Accept, refuse, realise: the partner's side."""
    orientations_statistics = "orientations:statistics"
    webhooks_manage = "webhooks:manage"
    imports_historique = "imports:historique"
    """Bring the programme's history in from the spreadsheets (docs/import.md)."""
    emplois_connexion = "emplois:connexion"
    """A chantier's connection to Les emplois de l'inclusion and its synchronisation."""
    # Indicators and exports.
    indicateurs_read = "indicateurs:read"
    indicateurs_exact = "indicateurs:exact"
    """Counts below the threshold are shown (no small-cell protection)."""
    exports_indicateurs = "exports:indicateurs"
    exports_parcours = "exports:parcours"
    exports_evaluation = "exports:evaluation"
    # Administration, audit, personal data.
    utilisateurs_admin = "utilisateurs:admin"
    clients_admin = "clients:admin"
    audit_read = "audit:read"
    rgpd_donnees = "rgpd:donnees"
    """The person's-rights export and the access history of a file."""
    rgpd_effacement = "rgpd:effacement"
    rgpd_retention = "rgpd:retention"
    compte = "compte"
    """One's own account: /moi (API clients too)."""
    compte_securite = "compte:securite"
    """One's own password and second factor (people only)."""


P = Permission
R = Role

_CASEWORK = {
    P.salaries_read,
    P.parcours_write,
    P.journal_read,
    P.journal_restreint,
    P.freins_read,
    P.sante_read,
    P.a_faire_read,
    P.orientations_read,
    P.orientations_create,
    P.orientations_message,
    P.exports_parcours,
}
_REFERENCE = {P.reference_read, P.compte, P.compte_securite}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Everything but the pseudonymised evaluation dataset, which is the evaluators' alone.
    R.admin_national: frozenset(Permission) - {P.exports_evaluation},
    R.coordinateur: frozenset(
        _REFERENCE
        | _CASEWORK
        | {
            P.structures_write,
            P.conventions_read,
            P.conventions_write,
            P.conventions_partenariat,
            P.orientations_statistics,
            P.indicateurs_read,
            P.indicateurs_exact,
            P.exports_indicateurs,
            P.utilisateurs_admin,
            P.clients_admin,
            P.audit_read,
            P.rgpd_donnees,
            P.rgpd_effacement,
            P.rgpd_retention,
            P.imports_historique,
            P.candidatures_instruire,
        }
    ),
    R.charge_partenariat: frozenset(
        _REFERENCE
        | {
            P.structures_write,
            P.conventions_read,
            P.conventions_partenariat,
            P.freins_read,
            P.orientations_read,
            P.orientations_message,
            P.orientations_statistics,
            P.indicateurs_read,
            P.exports_indicateurs,
            P.candidatures_instruire,
        }
    ),
    R.direction_chantier: frozenset(
        _REFERENCE
        | _CASEWORK
        | {
            P.conventions_read,
            P.indicateurs_read,
            P.indicateurs_exact,
            P.exports_indicateurs,
            P.emplois_connexion,
        }
    ),
    R.accompagnateur: frozenset(_REFERENCE | _CASEWORK | {P.rgpd_donnees}),
    R.encadrant_technique: frozenset(_REFERENCE | {P.salaries_read}),
    R.partenaire: frozenset(
        {
            P.compte,
            P.compte_securite,
            P.orientations_read,
            P.orientations_message,
            P.orientations_answer,
            P.webhooks_manage,
        }
    ),
    R.fas: frozenset(_REFERENCE | {P.conventions_read, P.indicateurs_read, P.exports_indicateurs}),
    R.evaluateur: frozenset(_REFERENCE | {P.exports_evaluation}),
    R.financeur: frozenset(
        _REFERENCE | {P.conventions_read, P.indicateurs_read, P.exports_indicateurs}
    ),
}

# What an API client needs in its token for a permission; a permission absent from this table
# is never open to API clients (their role alone does not grant it).
CLIENT_SCOPES: dict[Permission, frozenset[Scope]] = {
    P.compte: frozenset(),
    P.reference_read: frozenset({Scope.indicateurs_read}),
    P.orientations_read: frozenset({Scope.orientations_read}),
    P.orientations_message: frozenset({Scope.orientations_write}),
    P.orientations_answer: frozenset({Scope.orientations_write}),
    P.webhooks_manage: frozenset({Scope.orientations_write}),
    P.indicateurs_read: frozenset({Scope.indicateurs_read}),
    P.exports_indicateurs: frozenset({Scope.exports_read}),
}

# The scopes an API client of each role may be granted.
ROLE_CLIENT_SCOPES: dict[Role, frozenset[Scope]] = {
    R.partenaire: frozenset({Scope.orientations_read, Scope.orientations_write}),
    R.fas: frozenset({Scope.indicateurs_read, Scope.exports_read}),
}

# The structure an account of each role belongs to.
ROLE_STRUCTURE: dict[Role, TypeStructure] = {
    R.admin_national: TypeStructure.convergence_france,
    R.coordinateur: TypeStructure.chantier,
    R.charge_partenariat: TypeStructure.chantier,
    R.direction_chantier: TypeStructure.chantier,
    R.accompagnateur: TypeStructure.chantier,
    R.encadrant_technique: TypeStructure.chantier,
    R.partenaire: TypeStructure.partenaire,
    R.fas: TypeStructure.fas,
    R.evaluateur: TypeStructure.evaluateur,
    R.financeur: TypeStructure.financeur,
}
# The structures that may have an API client, and the role the client gets.
CLIENT_ROLE: dict[TypeStructure, Role] = {
    TypeStructure.partenaire: R.partenaire,
    TypeStructure.fas: R.fas,
}
# The types of structure each role creates and edits (in its perimeter; all for the
# national team).
STRUCTURES_GEREES: dict[Role, frozenset[TypeStructure]] = {
    R.admin_national: frozenset(TypeStructure),
    R.coordinateur: frozenset({TypeStructure.chantier, TypeStructure.partenaire}),
    R.charge_partenariat: frozenset({TypeStructure.partenaire}),
}

# The types of convention each permission manages (in one's perimeter; `nationale` only for
# the national team).
CONVENTIONS_GEREES: dict[Permission, frozenset[TypeConvention]] = {
    P.conventions_write: frozenset(TypeConvention),
    P.conventions_partenariat: frozenset({TypeConvention.partenariat}),
}

# Where a role's perimeter lies: a chantier, territoires, or the whole programme.
CHANTIER_ROLES = frozenset({R.direction_chantier, R.accompagnateur, R.encadrant_technique})
TERRITOIRE_ROLES = frozenset({R.coordinateur, R.charge_partenariat, R.fas})
NATIONAL_ROLES = frozenset({R.admin_national, R.financeur, R.evaluateur})


# Who may be the référent of a parcours: a caseworker of its chantier, or its direction.
ROLES_REFERENT = frozenset({R.accompagnateur, R.direction_chantier})


# What a coordinateur may hand out within its territoire (the national team: every role).
ROLES_ATTRIBUABLES_TERRITOIRE = frozenset({R.charge_partenariat, R.partenaire} | CHANTIER_ROLES)


def permissions_of(
    role: Role, *, client: bool = False, scopes: Iterable[str] = ()
) -> frozenset[Permission]:
    """A user's permissions are its role's; a client's, those its scopes open."""
    granted = ROLE_PERMISSIONS[role]
    if not client:
        return granted
    held = set(scopes)
    return frozenset(p for p in granted if p in CLIENT_SCOPES and CLIENT_SCOPES[p] <= held)


def roles_with(permission: Permission) -> frozenset[Role]:
    """The roles holding a permission (e.g. who must use a second factor: `sante:read`)."""
    return frozenset(r for r, granted in ROLE_PERMISSIONS.items() if permission in granted)


# Health readers: every role holding a health-read permission. They must sign in with a
# second factor (TOTP, or ProConnect asserting one) and their sessions go idle sooner.
PERMISSIONS_SANTE = frozenset({P.sante_read})
ROLES_SANTE = frozenset(r for p in PERMISSIONS_SANTE for r in roles_with(p))


def second_factor_roles(settings: Settings) -> frozenset[str]:
    """Roles that must sign in with a second factor: every health reader, plus the roles the
    settings add (`totp_required_roles` can only add); none in demo mode."""
    if settings.demo:
        return frozenset()
    return frozenset(r.value for r in ROLES_SANTE) | frozenset(settings.totp_required_roles)


def idle_minutes(settings: Settings, role: Role | str) -> float:
    """How long a session of this role may stay unused: shorter for the health readers."""
    if Role(role) in ROLES_SANTE:
        return settings.session_idle_minutes_sante
    return settings.session_idle_minutes
