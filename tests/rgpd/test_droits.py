"""The person's rights: the whole file (JSON and printable HTML), the access history, erasure
on request, rectification audited; and the retention status by territoire."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditEvent
from api.core.outbox import OutboxEvent
from api.parcours.dates import add_months
from api.rgpd.models import ContratArchive
from api.salaries.models import Salarie
from api.statistiques.models import StatistiqueParcours
from tests.conftest import DemoIds
from tests.rgpd.dossier import SIAO, dossier_complet

TODAY = date.today()
CLOSED = add_months(TODAY, -6)


async def test_the_export_holds_everything_with_the_partner_disclosures_and_the_accesses(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    d = await dossier_complet(client, anonymous, auth, demo, CLOSED)
    # The partner read the orientation; the accompagnateur opened the file.
    assert (
        await anonymous.get(
            f"/api/v1/orientations/{d.orientation_id}", headers=auth("partenaire.siao")
        )
    ).status_code == 200
    assert (
        await anonymous.get(
            f"/api/v1/salaries/{d.salarie_id}", headers=auth("accompagnateur.paris")
        )
    ).status_code == 200

    response = await anonymous.get(
        f"/api/v1/salaries/{d.salarie_id}/donnees", headers=auth("coordinateur.paris")
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["identite"]["nom"] == f"Nom{d.marque}"
    assert {c["type"] for c in data["consentements"]} == {
        "notice_information",
        "usage_evaluation",
        "partage_partenaire",
    }
    assert data["referents_externes"][0]["commentaire"] == f"Commentaire referent {d.marque}"
    [parcours] = data["parcours"]
    assert parcours["statut"] == "clos" and len(parcours["contrats"]) == 1
    assert {j["texte"] for j in parcours["journal"]} >= {
        f"Entretien {d.marque}",
        f"Confidence {d.marque}",  # restricted notes too: they are about the person
    }
    assert parcours["freins"][0]["actions"] or parcours["freins"][1]["actions"]
    assert {x["etape"] for x in parcours["diagnostics"]} == {"entree", "sortie"}
    [orientation] = data["orientations"]
    assert orientation["donnees_partagees"]["nom"] == f"Nom{d.marque}"
    assert {m["texte"] for m in orientation["messages"]} == {
        f"Msg {d.marque}",
        f"Retour {d.marque}",
    }
    [disclosure] = data["divulgations"]
    assert disclosure["partenaire_nom"] == SIAO
    assert set(disclosure["elements"]) >= {"nom", "prenoms", "telephone", "besoin"}
    # Every audit row about the person, with who did it; this export included.
    acces = data["acces"]
    actions = {(a["action"], a["object_type"]) for a in acces}
    assert ("disclosure", "orientation") in actions
    assert ("read", "salarie") in actions and ("export", "donnees_personnelles") in actions
    readers = {a["acteur"]["nom"] for a in acces if a["action"] == "read"}
    assert len(readers) >= 2  # the partner and the accompagnateur, by name
    partner_read = next(
        a for a in acces if a["action"] == "read" and a["object_type"] == "orientation"
    )
    assert partner_read["acteur"]["role"] == "partenaire"
    assert partner_read["acteur"]["structure"] == SIAO
    assert data["conservation"]["dernier_contact"] == CLOSED.isoformat()
    assert data["conservation"]["conserve_jusqu_au"] == add_months(CLOSED, 24).isoformat()


async def test_the_printable_document_is_french_html_with_everything_escaped(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
) -> None:
    d = await dossier_complet(
        client, anonymous, auth, demo, CLOSED, nom="O'Hara <script>alert(1)</script>"
    )
    response = await client.get(f"/api/v1/salaries/{d.salarie_id}/donnees?format=html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = response.text
    assert '<html lang="fr">' in page
    assert "<script" not in page
    assert "O&#x27;Hara &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Qui a consulté ou modifié votre dossier" in page
    assert "Informations transmises au partenaire" in page and SIAO in page
    assert f"Confidence {d.marque}" in page
    assert "Sans abri" in page  # situations by their label, not their code
    exports = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.salarie_id == uuid.UUID(d.salarie_id), AuditEvent.action == "export"
            )
        )
    ).all()
    assert [e.details for e in exports] == [{"format": "html"}]


async def test_the_access_history_pages_newest_first_and_is_itself_traced(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    person = demo.salaries["Ateliers de Belleville:en_cours"]
    headers = auth("accompagnateur.paris")
    first = await anonymous.get(f"/api/v1/salaries/{person}/acces?limit=2", headers=headers)
    assert first.status_code == 200
    page = first.json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    assert page["items"][0]["action"] == "read" and page["items"][0]["object_type"] == "acces"
    assert page["items"][0]["acteur"]["nom"]
    ids = [a["id"] for a in page["items"]]
    assert ids == sorted(ids, reverse=True)
    more = await anonymous.get(
        f"/api/v1/salaries/{person}/acces?limit=2&cursor={page['next_cursor']}", headers=headers
    )
    assert more.json()["items"][0]["id"] < ids[-1]
    bad = await anonymous.get(f"/api/v1/salaries/{person}/acces?cursor=%%%", headers=headers)
    assert bad.status_code == 422


async def test_rectification_is_the_audited_patch(
    client: httpx.AsyncClient, demo: DemoIds, session: AsyncSession
) -> None:
    person = demo.salaries["Ateliers de Belleville:en_cours"]
    read = await client.get(f"/api/v1/salaries/{person}")
    fixed = await client.patch(
        f"/api/v1/salaries/{person}",
        json={"telephone": "06 99 88 77 66"},
        headers={"If-Match": read.headers["etag"]},
    )
    assert fixed.status_code == 200
    row = await session.scalar(
        select(AuditEvent)
        .where(AuditEvent.salarie_id == person, AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc())
    )
    assert row is not None and row.details == {"champs": ["telephone"]}


async def test_erasure_on_request(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
) -> None:
    d = await dossier_complet(client, anonymous, auth, demo, CLOSED)
    url = f"/api/v1/salaries/{d.salarie_id}/effacement"
    coordinateur = auth("coordinateur.paris")
    preview = (await anonymous.get(url, headers=coordinateur)).json()
    assert preview["possible"] and preview["raison"] is None
    assert preview["supprimes"]["parcours"] == 1 and preview["supprimes"]["messages"] == 2
    assert preview["partenaires_a_informer"] == [SIAO]
    remaining = {r["element"]: r for r in preview["restants"]}
    assert set(remaining) == {"statistiques", "contrats", "journal_audit", "copies_partenaires"}
    assert remaining["contrats"]["nombre"] == 1
    assert remaining["contrats"]["jusqu_au"] > TODAY.isoformat()

    # Only coordinateurs and the national admin erase; the confirmation is required.
    refused = await anonymous.post(
        url,
        json={"motif": "demande_personne", "confirmation": "EFFACER"},
        headers=auth("accompagnateur.paris"),
    )
    assert refused.status_code == 403
    unconfirmed = await anonymous.post(
        url, json={"motif": "demande_personne", "confirmation": "oui"}, headers=coordinateur
    )
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["errors"][0]["field"] == "body.confirmation"

    done = await anonymous.post(
        url, json={"motif": "demande_personne", "confirmation": "EFFACER"}, headers=coordinateur
    )
    assert done.status_code == 200, done.text
    summary = done.json()
    assert summary["supprimes"]["salaries"] == 1 and summary["supprimes"]["orientations"] == 1
    assert summary["partenaires_informes"] == 1
    assert {r["element"] for r in summary["restants"]} == set(remaining)

    assert await session.get(Salarie, uuid.UUID(d.salarie_id)) is None
    assert (await anonymous.get(url, headers=coordinateur)).status_code == 404
    again = await anonymous.post(
        url, json={"motif": "demande_personne", "confirmation": "EFFACER"}, headers=coordinateur
    )
    assert again.status_code == 404
    record = await session.get(StatistiqueParcours, uuid.UUID(d.parcours_id))
    assert record is not None and record.anonymise and record.salarie_id is None
    # The partner is told (RGPD art. 19), with the orientation's id only.
    [notice] = (
        await session.scalars(select(OutboxEvent).where(OutboxEvent.type == "orientation.effacee"))
    ).all()
    assert notice.payload == {"orientation_id": d.orientation_id, "statut": "effacee"}
    assert notice.destinataire_id == demo.structures[SIAO]
    # The contract kept for the legal obligation carries no name.
    archive = (await session.scalars(select(ContratArchive))).all()
    assert [a.heures_hebdo for a in archive] == [20]
    erase = await session.scalar(select(AuditEvent).where(AuditEvent.action == "erase"))
    assert erase is not None and erase.salarie_id == uuid.UUID(d.salarie_id)
    assert erase.details is not None and erase.details["motif"] == "demande_personne"
    assert d.marque not in str(erase.details)


async def test_erasure_waits_for_the_exit(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    d = await dossier_complet(client, anonymous, auth, demo, None)
    url = f"/api/v1/salaries/{d.salarie_id}/effacement"
    preview = (await client.get(url)).json()
    assert not preview["possible"] and "sortie" in preview["raison"]
    refused = await client.post(url, json={"motif": "opposition", "confirmation": "EFFACER"})
    assert refused.status_code == 409 and refused.json()["code"] == "parcours_ouvert"


async def test_retention_status_by_territoire(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    before = (await client.get("/api/v1/rgpd/retention")).json()
    soon = add_months(TODAY, -24) + timedelta(days=10)
    late = add_months(TODAY, -24) - timedelta(days=3)
    await dossier_complet(client, anonymous, auth, demo, soon)
    await dossier_complet(client, anonymous, auth, demo, late)
    response = await client.get("/api/v1/rgpd/retention")
    assert response.status_code == 200
    after = response.json()
    assert after["retention_mois"] == 24 and after["date_reference"] == TODAY.isoformat()
    paris = str(demo.territoires["paris"])
    old = next(t for t in before["territoires"] if t["territoire_id"] == paris)
    new = next(t for t in after["territoires"] if t["territoire_id"] == paris)
    assert new["echeance_30_jours"] == old["echeance_30_jours"] + 1
    assert new["echeance_depassee"] == old["echeance_depassee"] + 1
    assert new["dossiers"] == old["dossiers"] + 2
    assert after["total"]["dossiers"] == sum(t["dossiers"] for t in after["territoires"])
    assert len(after["territoires"]) == len(demo.territoires)
    assert after["conservation_legale"][0]["element"] == "contrats"
    # A coordinateur sees its territoire only.
    mine = (
        await anonymous.get("/api/v1/rgpd/retention", headers=auth("coordinateur.paris"))
    ).json()
    assert [t["territoire_id"] for t in mine["territoires"]] == [paris]
