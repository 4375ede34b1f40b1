"""How to call each operation of the matrix, for an object in or out of the caller's perimeter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from api.demo.seed import DEMO_PASSWORD
from tests.conftest import DemoIds

OWN, FOREIGN = "own", "foreign"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[DemoIds, str], Call]


def _pick(variant: str, own: Any, foreign: Any) -> Any:
    return own if variant == OWN else foreign


def _new_user(demo: DemoIds, variant: str) -> Call:
    structure = _pick(variant, "Ressourcerie du Canal", "Potagers de Vaulx")
    return Call(
        "POST",
        "/api/v1/utilisateurs",
        {
            "json": {
                "email": f"nouveau.{variant}@demo.example.org",
                "nom": "Nouveau",
                "prenom": "Compte",
                "role": "accompagnateur",
                "structure_id": str(demo.structures[structure]),
                "mot_de_passe": "Une-phrase-de-passe-solide",
            }
        },
    )


def _new_client(demo: DemoIds, variant: str) -> Call:
    structure = _pick(variant, "SIAO de Paris", "CSAPA Les Tilleuls")
    return Call(
        "POST",
        "/api/v1/clients-api",
        {
            "json": {
                "nom": "Second logiciel",
                "structure_id": str(demo.structures[structure]),
                "scopes": ["orientations:read"],
            }
        },
    )


def _user(demo: DemoIds, variant: str) -> str:
    return str(demo.users[_pick(variant, "accompagnateur.canal", "accompagnateur.lyon")])


def _client(demo: DemoIds, variant: str) -> str:
    return str(demo.clients[_pick(variant, "demo-siao-de-paris", "demo-csapa-les-tilleuls")])


def _territoire(demo: DemoIds, variant: str) -> str:
    return str(demo.territoires[_pick(variant, "paris", "grand-lyon")])


def _structure(demo: DemoIds, variant: str) -> str:
    return str(demo.structures[_pick(variant, "Ateliers de Belleville", "Atelier Rhône Insertion")])


BUILDERS: dict[str, Builder] = {
    "supervision_healthz": lambda d, v: Call("GET", "/healthz"),
    "supervision_readyz": lambda d, v: Call("GET", "/readyz"),
    "auth_token": lambda d, v: Call(
        "POST",
        "/api/v1/auth/token",
        {
            "data": {
                "grant_type": "password",
                "username": "direction.lyon@demo.example.org",
                "password": DEMO_PASSWORD,
            }
        },
    ),
    "auth_revocation": lambda d, v: Call(
        "POST", "/api/v1/auth/revocation", {"data": {"token": "rt_inconnu"}}
    ),
    "moi_moi": lambda d, v: Call("GET", "/api/v1/moi"),
    "moi_changer_mot_de_passe": lambda d, v: Call(
        "POST",
        "/api/v1/moi/mot-de-passe",
        {
            "json": {
                "mot_de_passe_actuel": DEMO_PASSWORD,
                "nouveau_mot_de_passe": "Une-autre-phrase-solide",
            }
        },
    ),
    "moi_demarrer_totp": lambda d, v: Call("POST", "/api/v1/moi/totp"),
    "moi_activer_totp": lambda d, v: Call(
        "POST", "/api/v1/moi/totp/activation", {"json": {"code": "123456"}}
    ),
    "territoires_list_territoires": lambda d, v: Call("GET", "/api/v1/territoires"),
    "territoires_get_territoire": lambda d, v: Call(
        "GET", f"/api/v1/territoires/{_territoire(d, v)}"
    ),
    "structures_list_structures": lambda d, v: Call("GET", "/api/v1/structures"),
    "structures_get_structure": lambda d, v: Call("GET", f"/api/v1/structures/{_structure(d, v)}"),
    "utilisateurs_list_utilisateurs": lambda d, v: Call("GET", "/api/v1/utilisateurs"),
    "utilisateurs_create_utilisateur": _new_user,
    "utilisateurs_get_utilisateur": lambda d, v: Call("GET", f"/api/v1/utilisateurs/{_user(d, v)}"),
    "utilisateurs_update_utilisateur": lambda d, v: Call(
        "PATCH",
        f"/api/v1/utilisateurs/{_user(d, v)}",
        {"json": {"nom": "Renommé"}, "headers": {"If-Match": 'W/"1"'}},
    ),
    "clients_api_list_clients": lambda d, v: Call("GET", "/api/v1/clients-api"),
    "clients_api_create_client": _new_client,
    "clients_api_get_client": lambda d, v: Call("GET", f"/api/v1/clients-api/{_client(d, v)}"),
    "clients_api_rotate_client_secret": lambda d, v: Call(
        "POST", f"/api/v1/clients-api/{_client(d, v)}/rotation"
    ),
    "clients_api_revoke_client": lambda d, v: Call(
        "POST", f"/api/v1/clients-api/{_client(d, v)}/revocation"
    ),
    "audit_list_audit": lambda d, v: Call("GET", "/api/v1/audit"),
    "audit_export_audit": lambda d, v: Call("GET", "/api/v1/audit/export.csv"),
}
