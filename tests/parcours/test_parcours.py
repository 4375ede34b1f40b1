"""Salariés and parcours: the statut machine, duration rules, exit, follow-up, perimeter."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.a_faire.caseload import caseload
from api.core.audit import AuditEvent
from api.parcours.dates import add_months
from api.parcours.machine import PARCOURS
from api.parcours.models import JournalEntree, Parcours
from api.referentiel import CATEGORIE_DU_MOTIF, MotifSortie, Role, StatutParcours
from api.rgpd.jobs import run_daily
from api.settings import Settings
from tests import factories
from tests.conftest import DemoIds, StatementCounter

TODAY = date.today()
BELLEVILLE = "Ateliers de Belleville"


async def _new_person(client: httpx.AsyncClient, demo: DemoIds, **over: Any) -> dict[str, Any]:
    body = {
        "chantier_id": str(demo.structures[BELLEVILLE]),
        "nom": "Nouvelle",
        "prenoms": f"Personne {next(_counter)}",
        "date_naissance": "1980-01-01",
        "confirm_distinct": True,
    } | over
    response = await client.post("/api/v1/salaries", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


_counter = itertools.count()


async def _new_parcours(
    client: httpx.AsyncClient, demo: DemoIds, entree: date = TODAY - timedelta(days=60)
) -> dict[str, Any]:
    person = await _new_person(client, demo)
    response = await client.post(
        "/api/v1/parcours",
        json={
            "salarie_id": person["id"],
            "chantier_id": str(demo.structures[BELLEVILLE]),
            "referent_id": str(demo.users["accompagnateur.paris"]),
            "date_entree": entree.isoformat(),
            "prescripteur": "maraude",
            "parcours_de_rue": True,
            "duree_rue_mois": 30,
            "logement_entree": "sans_abri",
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


ENTRY_DOMAINES = [
    {"domaine": "logement", "niveau": 3, "situations": ["sans_abri"]},
    {"domaine": "sante", "niveau": 2, "situations": ["sans_couverture"]},
    {"domaine": "droits", "niveau": 2, "situations": []},
]


async def _diagnostic(
    client: httpx.AsyncClient,
    parcours_id: str,
    etape: str,
    domaines: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/parcours/{parcours_id}/diagnostics",
        json={
            "etape": etape,
            "date": TODAY.isoformat(),
            "valider": True,
            "domaines": domaines or ENTRY_DOMAINES,
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _drive(client: httpx.AsyncClient, parcours_id: str, statut: str) -> None:
    """Bring a new parcours (in accueil) to `statut` through the allowed transitions."""
    base = f"/api/v1/parcours/{parcours_id}"
    if statut != "accueil":
        await _diagnostic(client, parcours_id, "entree")
    if statut in ("sorti", "clos"):
        await _diagnostic(client, parcours_id, "sortie")
    steps = {
        "accueil": [],
        "en_cours": [("demarrage", {})],
        "suspendu": [("demarrage", {}), ("suspension", {"motif": "Incarcération"})],
        "sorti": [("demarrage", {}), ("sortie", {})],
        "clos": [("demarrage", {}), ("sortie", {}), ("cloture", {})],
    }[statut]
    for name, extra in steps:
        body: dict[str, Any] = {"date": TODAY.isoformat()} | extra
        if name == "sortie":
            body |= {"motif": "chomage", "logement_sortie": "chu"}
        response = await client.post(f"{base}/{name}", json=body)
        assert response.status_code == 200, response.text


STATUTS = ["accueil", "en_cours", "suspendu", "sorti", "clos"]
REFUSED = [
    (statut, name)
    for statut in STATUTS
    for name, step in PARCOURS.transitions.items()
    if statut not in step.depuis
] + [(statut, "sortie") for statut in ("sorti", "clos")]
REFUSED = sorted(set(REFUSED))


def test_the_machine_lists_exactly_the_documented_transitions() -> None:
    allowed = {(s.value, n) for n, t in PARCOURS.transitions.items() for s in t.depuis}
    assert allowed == {
        ("accueil", "demarrage"),
        ("en_cours", "suspension"),
        ("suspendu", "reprise"),
        ("accueil", "sortie"),
        ("en_cours", "sortie"),
        ("suspendu", "sortie"),
        ("sorti", "cloture"),
    }
    assert len(REFUSED) == 18


@pytest.mark.parametrize(("statut", "transition"), REFUSED)
async def test_refused_transition(
    client: httpx.AsyncClient, demo: DemoIds, statut: str, transition: str
) -> None:
    parcours = await _new_parcours(client, demo)
    await _drive(client, parcours["id"], statut)
    if statut in ("accueil", "en_cours", "suspendu"):
        await _diagnostic(client, parcours["id"], "sortie")
    shown = await client.get(f"/api/v1/parcours/{parcours['id']}")
    assert shown.status_code == 200
    assert transition not in shown.json()["actions"]
    body: dict[str, Any] = {"date": TODAY.isoformat(), "motif": "Motif"}
    if transition == "sortie":
        body = {"date": TODAY.isoformat(), "motif": "chomage", "logement_sortie": "chu"}
    response = await client.post(f"/api/v1/parcours/{parcours['id']}/{transition}", json=body)
    assert response.status_code == 409
    assert response.json()["code"] == "transition_refusee"
    assert "impossible : le parcours est" in response.json()["detail"]


@pytest.mark.parametrize("statut", STATUTS)
async def test_actions_are_the_transitions_allowed_now(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    statut: str,
) -> None:
    parcours = await _new_parcours(client, demo)
    await _drive(client, parcours["id"], statut)
    url = f"/api/v1/parcours/{parcours['id']}"
    shown = await client.get(url)
    assert shown.status_code == 200
    expected = [n for n, t in PARCOURS.transitions.items() if statut in {s.value for s in t.depuis}]
    assert shown.json()["actions"] == expected
    # The encadrant reads the parcours and may apply none of its verbs.
    encadrant = await anonymous.get(url, headers=auth("encadrant.paris"))
    assert encadrant.status_code == 200
    assert encadrant.json()["actions"] == []


# DOMAIN.md, "Exit classification (official IAE categories)".
DOMAIN_TABLE = {
    "emploi_durable": {
        "cdi",
        "cdd_interim_6_mois_ou_plus",
        "titularisation_fonction_publique",
        "creation_reprise_entreprise",
    },
    "emploi_transition": {"cdd_interim_moins_6_mois", "contrat_aide_employeur_ordinaire"},
    "sortie_positive": {"formation_qualifiante", "embauche_autre_siae"},
    "autre_sortie": {
        "chomage",
        "inactif",
        "sans_nouvelle",
        "retraite",
        "rupture_faute_grave",
        "decision_administrative_ou_justice",
        "demenagement",
        "deces",
        "hospitalisation_longue",
    },
    "retrait": {"transfert_employeur", "sortie_automatique", "duree_minimale_non_atteinte"},
}


def test_every_motif_maps_to_its_domain_category() -> None:
    assert set(CATEGORIE_DU_MOTIF) == set(MotifSortie)
    for categorie, motifs in DOMAIN_TABLE.items():
        for motif in motifs:
            assert CATEGORIE_DU_MOTIF[MotifSortie(motif)] == categorie, motif
    assert sum(len(m) for m in DOMAIN_TABLE.values()) == len(MotifSortie)


async def test_category_is_derived_never_typed(client: httpx.AsyncClient, demo: DemoIds) -> None:
    parcours = await _new_parcours(client, demo)
    await _drive(client, parcours["id"], "en_cours")
    await _diagnostic(client, parcours["id"], "sortie")
    typed = await client.post(
        f"/api/v1/parcours/{parcours['id']}/sortie",
        json={
            "date": TODAY.isoformat(),
            "motif": "formation_qualifiante",
            "logement_sortie": "chrs",
            "categorie": "emploi_durable",
        },
    )
    assert typed.status_code == 422
    assert typed.json()["errors"][0]["field"] == "body.categorie"
    exited = await client.post(
        f"/api/v1/parcours/{parcours['id']}/sortie",
        json={
            "date": TODAY.isoformat(),
            "motif": "formation_qualifiante",
            "logement_sortie": "chrs",
        },
    )
    assert exited.json()["categorie_sortie"] == "sortie_positive"


async def test_duplicate_person_is_a_409_until_confirmed(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    first = await _new_person(
        client,
        demo,
        nom="Durand",
        prenoms="Élodie",
        date_naissance="1988-04-02",
        confirm_distinct=False,
    )
    body = {
        "chantier_id": str(demo.structures["Ressourcerie du Canal"]),
        "nom": "DURAND",
        "prenoms": "elodie ",
        "date_naissance": "1988-04-02",
    }
    again = await client.post(
        "/api/v1/salaries", json=body | {"nom": "  DURAND", "prenoms": "elodie"}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "doublon_possible"
    assert again.json()["candidats"] == [first["id"]]
    spaced = await client.post(
        "/api/v1/salaries", json=body | {"nom": "elodie  DURAND", "prenoms": ""}
    )
    assert spaced.status_code == 422  # prénoms required
    swapped = await client.post(
        "/api/v1/salaries", json=body | {"nom": "elodie", "prenoms": "DURAND"}
    )
    assert swapped.status_code == 409
    confirmed = await client.post("/api/v1/salaries", json=body | {"confirm_distinct": True})
    assert confirmed.status_code == 201
    elsewhere = await client.post(
        "/api/v1/salaries",
        json=body | {"chantier_id": str(demo.structures["Atelier Rhône Insertion"])},
    )
    assert elsewhere.status_code == 201  # another territoire


async def test_search_ignores_accents_case_and_order(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    person = await _new_person(client, demo, nom="Lefèvre-Démo", prenoms="Anaïs")
    for q in ("anais", "LEFEVRE", "lefev ana", "Démo"):
        found = (await client.get("/api/v1/salaries", params={"q": q, "limit": 200})).json()
        assert person["id"] in [p["id"] for p in found["items"]], q


async def test_one_open_parcours_per_person(client: httpx.AsyncClient, demo: DemoIds) -> None:
    parcours = await _new_parcours(client, demo)
    again = await client.post(
        "/api/v1/parcours",
        json={
            "salarie_id": parcours["salarie"]["id"],
            "chantier_id": str(demo.structures[BELLEVILLE]),
            "date_entree": TODAY.isoformat(),
            "prescripteur": "siao",
            "logement_entree": "chu",
        },
    )
    assert again.status_code == 409
    assert again.json()["code"] == "parcours_ouvert_existant"


async def test_dates_before_entry_or_in_the_future_are_422(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(client, parcours["id"], "entree")
    base = f"/api/v1/parcours/{parcours['id']}/demarrage"
    for day in (TODAY - timedelta(days=400), TODAY + timedelta(days=1)):
        response = await client.post(base, json={"date": day.isoformat()})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.date"


async def test_past_24_months_a_justification_is_required(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo, entree=add_months(TODAY, -30))
    await _diagnostic(client, parcours["id"], "entree")
    base = f"/api/v1/parcours/{parcours['id']}/demarrage"
    refused = await client.post(base, json={"date": TODAY.isoformat()})
    assert refused.status_code == 422
    assert refused.json()["code"] == "justification_requise"
    accepted = await client.post(
        base,
        json={
            "date": TODAY.isoformat(),
            "justification_duree": "Relogement en cours, soins engagés.",
        },
    )
    assert accepted.status_code == 200
    assert accepted.json()["justification_duree"].startswith("Relogement")


async def test_no_parcours_beyond_five_years(client: httpx.AsyncClient, demo: DemoIds) -> None:
    parcours = await _new_parcours(client, demo, entree=add_months(TODAY, -61))
    await _diagnostic(client, parcours["id"], "entree")
    response = await client.post(
        f"/api/v1/parcours/{parcours['id']}/demarrage",
        json={"date": TODAY.isoformat(), "justification_duree": "Une justification suffisante."},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "duree_maximale_depassee"
    young = await _new_parcours(client, demo)
    await _drive(client, young["id"], "en_cours")
    contract = await client.post(
        f"/api/v1/parcours/{young['id']}/contrats",
        json={
            "date_debut": TODAY.isoformat(),
            "date_fin": add_months(TODAY, 70).isoformat(),
            "heures_hebdo": "20",
            "justification_duree": "Une justification suffisante.",
        },
    )
    assert contract.status_code == 422
    assert contract.json()["code"] == "duree_maximale_depassee"


async def test_contracts_do_not_overlap_and_ending_ones_are_flagged(
    client: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    parcours = await _new_parcours(client, demo)
    await _drive(client, parcours["id"], "en_cours")
    url = f"/api/v1/parcours/{parcours['id']}/contrats"
    first = await client.post(
        url,
        json={
            "date_debut": (TODAY - timedelta(days=50)).isoformat(),
            "date_fin": (TODAY + timedelta(days=10)).isoformat(),
            "heures_hebdo": "8",
        },
    )
    assert first.status_code == 201 and first.json()["type"] == "cddi_convergence"
    overlap = await client.post(
        url,
        json={
            "date_debut": TODAY.isoformat(),
            "date_fin": (TODAY + timedelta(days=60)).isoformat(),
            "heures_hebdo": "12",
        },
    )
    assert overlap.status_code == 422
    assert "chevauche" in overlap.json()["errors"][0]["message"]
    todo = await client.get("/api/v1/a-faire", headers=auth("accompagnateur.paris"))
    mine = [i for i in todo.json()["items"] if i["parcours_id"] == parcours["id"]]
    assert "contrat_fin_proche" in {i["type"] for i in mine}
    assert all(i["lien"] == f"/parcours/{parcours['id']}" for i in mine)


async def test_exit_to_a_cdi_schedules_four_checkins_and_the_last_closes(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo, entree=TODAY - timedelta(days=500))
    base = f"/api/v1/parcours/{parcours['id']}"
    await _diagnostic(client, parcours["id"], "entree")
    await client.post(f"{base}/demarrage", json={"date": (TODAY - timedelta(days=490)).isoformat()})
    await _diagnostic(client, parcours["id"], "sortie")
    exit_day = TODAY - timedelta(days=400)
    no_employer = await client.post(
        f"{base}/sortie",
        json={"date": exit_day.isoformat(), "motif": "cdi", "logement_sortie": "chrs"},
    )
    assert no_employer.status_code == 422
    exited = await client.post(
        f"{base}/sortie",
        json={
            "date": exit_day.isoformat(),
            "motif": "cdi",
            "logement_sortie": "chrs",
            "employeur": "Boulangerie (démo)",
            "contrat": "CDI temps plein",
        },
    )
    assert exited.status_code == 200
    body = exited.json()
    assert body["statut"] == "sorti" and body["categorie_sortie"] == "emploi_durable"
    assert [s["echeance_mois"] for s in body["suivis"]] == [1, 3, 6, 12]
    assert [s["date_prevue"] for s in body["suivis"]] == [
        add_months(exit_day, m).isoformat() for m in (1, 3, 6, 12)
    ]
    for suivi in body["suivis"]:
        recorded = await client.post(
            f"{base}/suivis/{suivi['id']}/resultat",
            json={
                "date_realisee": suivi["date_prevue"],
                "resultat": "joint",
                "en_emploi": True,
                "groupe_logement": "logement_adapte",
            },
        )
        assert recorded.status_code == 200
    final = (await client.get(base)).json()
    assert final["statut"] == "clos"
    assert final["date_cloture"] == add_months(exit_day, 12).isoformat()


async def test_exit_without_followup_closes_a_month_later(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    chantier = await factories.structure(session, await factories.territoire(session))
    exit_day = TODAY - timedelta(days=40)
    parcours = await factories.parcours(
        session, chantier, statut=StatutParcours.sorti, date_sortie=exit_day
    )
    recent = await factories.parcours(
        session, chantier, statut=StatutParcours.sorti, date_sortie=TODAY - timedelta(days=20)
    )
    await session.commit()
    closed = (await client.get(f"/api/v1/parcours/{parcours.id}")).json()
    assert closed["statut"] == "clos" and closed["suivis"] == []
    assert closed["date_cloture"] == add_months(exit_day, 1).isoformat()
    assert (await client.get(f"/api/v1/parcours/{recent.id}")).json()["statut"] == "sorti"


async def test_closing_on_read_stays_in_the_readers_perimeter(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    """A caseload closes its own due files; the worker's daily run closes everyone else's."""
    territoire = await factories.territoire(session)
    chantier, other_chantier = (
        await factories.structure(session, territoire),
        await factories.structure(session, territoire),
    )
    reader = await factories.user(session, chantier, Role.accompagnateur)
    # Exited 40 days ago, no check-in planned: due for closing, in two chantiers.
    exited = {"statut": StatutParcours.sorti, "date_sortie": TODAY - timedelta(days=40)}
    mine = await factories.parcours(session, chantier, **exited)
    other = await factories.parcours(session, other_chantier, **exited)
    await session.commit()

    async def statut(parcours: Parcours) -> str:
        row = await session.scalar(
            select(Parcours.statut)
            .where(Parcours.id == parcours.id)
            .execution_options(populate_existing=True)
        )
        await session.commit()
        return str(row)

    items, _ = await caseload(
        session,
        factories.actor(reader, chantier_ids={chantier.id}),
        factories.context(reader),
        limit=50,
        cursor=None,
        statut=StatutParcours.clos,
        chantier_id=None,
        referent_id=None,
        q=None,
    )
    await session.commit()
    assert [row.parcours_id for row in items] == [mine.id]
    assert await statut(mine) == "clos"
    assert await statut(other) == "sorti"  # another chantier: not this reader's to close

    outcome = await run_daily(sessionmaker, settings, TODAY)
    assert outcome is not None and outcome["parcours_clos"] >= 1
    assert await statut(other) == "clos"
    titles = await session.scalars(
        select(JournalEntree.titre).where(JournalEntree.parcours_id == other.id)
    )
    assert any(t.startswith("Clôture du parcours") for t in titles.all())


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


async def test_encadrant_sees_identity_contracts_and_statut_only(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = await _new_parcours(client, demo)
    base = f"/api/v1/parcours/{parcours['id']}"
    note = await client.post(
        f"{base}/notes",
        json={
            "date": TODAY.isoformat(),
            "titre": "Confidentiel",
            "texte": "Secret médical confié",
            "confidentialite": "restreint",
        },
    )
    assert note.status_code == 201 and note.json()["texte"] == "Secret médical confié"
    seen = await anonymous.get(base, headers=auth("encadrant.paris"))
    assert seen.status_code == 200
    keys = _keys(seen.json())
    assert {"statut", "contrats", "salarie"} <= keys
    for hidden in (
        "texte",
        "journal",
        "logement_entree",
        "parcours_de_rue",
        "justification_duree",
        "motif_sortie",
        "suivis",
    ):
        assert hidden not in keys, hidden
    assert "Secret" not in seen.text
    journal = await anonymous.get(f"{base}/journal", headers=auth("encadrant.paris"))
    assert journal.status_code == 403
    for_caseworker = await anonymous.get(f"{base}/journal", headers=auth("accompagnateur.paris"))
    restricted = [e for e in for_caseworker.json()["items"] if e["confidentialite"] == "restreint"]
    assert restricted[0]["texte"] == "Secret médical confié"


async def test_reading_a_person_is_audited_with_their_id(
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    session: AsyncSession,
) -> None:
    salarie_id = demo.salaries[f"{BELLEVILLE}:en_cours"]
    parcours_id = demo.parcours[f"{BELLEVILLE}:en_cours"]
    assert (
        await anonymous.get(f"/api/v1/salaries/{salarie_id}", headers=auth("accompagnateur.paris"))
    ).status_code == 200
    assert (
        await anonymous.get(f"/api/v1/parcours/{parcours_id}", headers=auth("encadrant.paris"))
    ).status_code == 200
    rows = (
        await session.execute(
            select(AuditEvent.actor_id, AuditEvent.object_type).where(
                AuditEvent.salarie_id == salarie_id, AuditEvent.action == "read"
            )
        )
    ).all()
    assert (demo.users["accompagnateur.paris"], "salarie") in rows
    assert (demo.users["encadrant.paris"], "parcours") in rows


async def test_journal_is_newest_first_and_filterable(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    base = f"/api/v1/parcours/{parcours['id']}"
    for days in (30, 20, 10):
        await client.post(
            f"{base}/entretiens", json={"date": (TODAY - timedelta(days=days)).isoformat()}
        )
    page = (await client.get(f"{base}/journal", params={"limit": 2})).json()
    dates = [e["date"] for e in page["items"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 2
    rest = (await client.get(f"{base}/journal", params={"cursor": page["next_cursor"]})).json()
    assert {e["id"] for e in rest["items"]}.isdisjoint({e["id"] for e in page["items"]})
    only = (await client.get(f"{base}/journal", params={"type": "entretien"})).json()
    assert [e["type"] for e in only["items"]] == ["entretien"] * 3


async def test_synthese_names_external_referents_of_the_person(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    person = parcours["salarie"]["id"]
    referent = await client.post(
        f"/api/v1/salaries/{person}/referents",
        json={"nom": "Agnès Référente", "organisation": "SPIP de Paris", "fonction": "spip"},
    )
    assert referent.status_code == 201
    synthese = await client.post(
        f"/api/v1/parcours/{parcours['id']}/syntheses",
        json={
            "date": TODAY.isoformat(),
            "decisions": "Demande SIAO",
            "prochaines_etapes": "RDV CCAS",
            "referents_externes": [referent.json()["id"]],
            "participants_internes": [str(demo.users["accompagnateur.paris"])],
        },
    )
    assert synthese.status_code == 201
    assert synthese.json()["details"]["referents_externes"] == [referent.json()["id"]]
    stranger = await client.post(
        f"/api/v1/parcours/{parcours['id']}/syntheses",
        json={
            "date": TODAY.isoformat(),
            "decisions": "x",
            "referents_externes": ["00000000-0000-0000-0000-000000000000"],
        },
    )
    assert stranger.status_code == 422


async def test_consent_history_is_kept_on_revocation(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    person = await _new_person(client, demo)
    url = f"/api/v1/salaries/{person['id']}/consentements"
    missing_partner = await client.post(
        url, json={"type": "partage_partenaire", "date_recueil": TODAY.isoformat()}
    )
    assert missing_partner.status_code == 422
    given = await client.post(
        url,
        json={
            "type": "partage_partenaire",
            "date_recueil": TODAY.isoformat(),
            "partenaire_id": str(demo.structures["SIAO de Paris"]),
        },
    )
    assert given.status_code == 201 and given.json()["actif"] is True
    revoked = await client.post(
        f"{url}/{given.json()['id']}/revocation", json={"date_revocation": TODAY.isoformat()}
    )
    assert revoked.json()["actif"] is False
    twice = await client.post(
        f"{url}/{given.json()['id']}/revocation", json={"date_revocation": TODAY.isoformat()}
    )
    assert twice.status_code == 409
    history = (await client.get(url)).json()
    assert [c["id"] for c in history] == [given.json()["id"]]


async def test_caseload_and_parcours_page_cost_constant_statements(
    client: httpx.AsyncClient,
    demo: DemoIds,
    count_statements: StatementCounter,
    auth: Callable[[str], dict[str, str]],
) -> None:
    for _ in range(55):
        parcours = await _new_parcours(client, demo)
    await client.get("/api/v1/parcours")  # closes what is due, once
    counts = {}
    for limit in (5, 50):
        count_statements.count = 0
        page = await client.get("/api/v1/parcours", params={"limit": limit})
        assert len(page.json()["items"]) == limit
        counts[limit] = count_statements.count
    assert counts[5] == counts[50]
    base = f"/api/v1/parcours/{parcours['id']}"
    await _drive(client, parcours["id"], "en_cours")
    count_statements.count = 0
    await client.get(base)
    one_contract_less = count_statements.count
    for n in range(6):
        start = TODAY + timedelta(days=40 * n)
        await client.post(
            f"{base}/contrats",
            json={
                "date_debut": start.isoformat(),
                "date_fin": (start + timedelta(days=30)).isoformat(),
                "heures_hebdo": "10",
            },
        )
    count_statements.count = 0
    detail = await client.get(base)
    assert len(detail.json()["contrats"]) == 6
    assert count_statements.count == one_contract_less


async def test_caseload_statements_name_the_open_statut_inline(
    demo: DemoIds,
    count_statements: StatementCounter,
    auth: Callable[[str], dict[str, str]],
    client: httpx.AsyncClient,
) -> None:
    """The caseload and À faire filter `statut <> 'clos'` with the literal in the SQL text.

    A bound parameter there would not match the partial index `ix_parcours_chantier_ouverts`
    once PostgreSQL keeps a generic plan for the prepared statement (after five executions):
    the caseload then walked every person of the country by name (18 ms instead of 2 at
    the benchmark's scale 1, see bench/README.md).
    """
    headers = auth("accompagnateur.paris")
    for path in ("/api/v1/parcours", "/api/v1/a-faire"):
        count_statements.statements.clear()
        assert (await client.get(path, headers=headers)).status_code == 200
        listing = [s for s in count_statements.statements if "prochaine_fin" in s]
        assert listing, path
        assert all("parcours.statut != 'clos'" in s for s in listing), listing


async def test_entry_and_exit_diagnostics_are_required(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    base = f"/api/v1/parcours/{parcours['id']}"
    start = await client.post(f"{base}/demarrage", json={"date": TODAY.isoformat()})
    assert start.status_code == 409 and start.json()["code"] == "diagnostic_requis"
    await _diagnostic(client, parcours["id"], "entree")
    assert (
        await client.post(f"{base}/demarrage", json={"date": TODAY.isoformat()})
    ).status_code == 200
    exit_body = {"date": TODAY.isoformat(), "motif": "chomage", "logement_sortie": "chu"}
    refused = await client.post(f"{base}/sortie", json=exit_body)
    assert refused.status_code == 409 and refused.json()["code"] == "diagnostic_requis"
    await _diagnostic(client, parcours["id"], "sortie")
    assert (await client.post(f"{base}/sortie", json=exit_body)).status_code == 200


async def test_the_referent_is_chosen_among_the_roles_that_may_be_one_on_change_too(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    url = f"/api/v1/parcours/{parcours['id']}"
    etag = (await client.get(url)).headers["ETag"]
    # An encadrant technique of the same chantier is not a référent (ROLES_REFERENT).
    refused = await client.patch(
        url,
        json={"referent_id": str(demo.users["encadrant.paris"])},
        headers={"If-Match": etag},
    )
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["body.referent_id"]
    accepted = await client.patch(
        url,
        json={"referent_id": str(demo.users["direction.paris"])},
        headers={"If-Match": etag},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["referent_id"] == str(demo.users["direction.paris"])
