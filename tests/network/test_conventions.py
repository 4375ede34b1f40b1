"""Conventions: lifecycle, territoire rules, partner engagement, expiry, documents."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.conventions.models import Convention
from api.demo.seed import demo_pdf
from tests.conftest import DemoIds


def _parties(demo: DemoIds, *items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"structure_id": str(demo.structures[n]), "role": r} for n, r in items]


async def _lifecycle_to_active(client: httpx.AsyncClient, convention_id: str) -> httpx.Response:
    sent = await client.post(f"/api/v1/conventions/{convention_id}/envoi-signature")
    assert sent.status_code == 200 and sent.json()["statut"] == "en_signature"
    return await client.post(
        f"/api/v1/conventions/{convention_id}/signature",
        json={"date_signature": date.today().isoformat()},
    )


async def test_one_active_coordination_per_territoire(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    created = await client.post(
        "/api/v1/conventions",
        json={
            "type": "coordination",
            "titre": "Seconde coordination",
            "territoire_id": str(demo.territoires["paris"]),
            "parties": _parties(
                demo,
                ("Convergence France", "signataire"),
                ("Ateliers de Belleville", "porteur"),
                ("FAS Île-de-France", "signataire"),
            ),
        },
    )
    assert created.status_code == 201 and created.json()["statut"] == "brouillon"
    signed = await _lifecycle_to_active(client, created.json()["id"])
    assert signed.status_code == 409
    assert signed.json()["code"] == "coordination_existante"


async def test_mise_en_oeuvre_waits_for_the_coordination(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    rouen = str(demo.territoires["rouen"])
    chantier = await client.post(
        "/api/v1/structures",
        json={"type": "chantier", "nom": "Recyclerie de Rouen", "territoire_id": rouen},
    )
    mise = await client.post(
        "/api/v1/conventions",
        json={
            "type": "mise_en_oeuvre",
            "titre": "Mise en œuvre – Recyclerie de Rouen",
            "territoire_id": rouen,
            "parties": [
                {"structure_id": str(demo.structures["Convergence France"]), "role": "signataire"},
                {
                    "structure_id": str(demo.structures["Atelier Seine Insertion"]),
                    "role": "porteur",
                },
                {"structure_id": chantier.json()["id"], "role": "signataire"},
            ],
        },
    )
    assert mise.status_code == 201
    blocked = await _lifecycle_to_active(client, mise.json()["id"])
    assert blocked.status_code == 409
    assert blocked.json()["code"] == "coordination_requise"
    coordination = demo.conventions["Coordination Convergence – Rouen"]
    signed = await client.post(
        f"/api/v1/conventions/{coordination}/signature",
        json={"date_signature": date.today().isoformat()},
    )
    assert signed.status_code == 200 and signed.json()["statut"] == "active"
    now_ok = await client.post(
        f"/api/v1/conventions/{mise.json()['id']}/signature",
        json={"date_signature": date.today().isoformat()},
    )
    assert now_ok.status_code == 200


async def test_partnership_makes_the_partner_engaged_and_termination_undoes_it(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    partner = f"/api/v1/structures/{demo.structures['PASS hospitalière Saint-Martin']}"
    assert (await client.get(partner)).json()["engagement"] == "contact"
    convention = demo.conventions["Partenariat – PASS hospitalière Saint-Martin"]
    signed = await client.post(
        f"/api/v1/conventions/{convention}/signature",
        json={"date_signature": date.today().isoformat()},
    )
    assert signed.status_code == 200
    assert (await client.get(partner)).json()["engagement"] == "engage"
    ended = await client.post(
        f"/api/v1/conventions/{convention}/resiliation",
        json={"date_resiliation": date.today().isoformat(), "motif": "Fin du partenariat"},
    )
    assert ended.status_code == 200 and ended.json()["statut"] == "resiliee"
    assert (await client.get(partner)).json()["engagement"] == "contact"


async def test_expiry_on_read(
    client: httpx.AsyncClient, demo: DemoIds, session: AsyncSession
) -> None:
    convention = demo.conventions["Partenariat – CCAS du 19e arrondissement"]
    renew = await client.get(
        "/api/v1/conventions",
        params={"echeance_avant": (date.today() + timedelta(days=90)).isoformat()},
    )
    assert [c["titre"] for c in renew.json()["items"]] == [
        "Partenariat – CCAS du 19e arrondissement"
    ]
    await session.execute(
        update(Convention)
        .where(Convention.id == convention)
        .values(date_echeance=date.today() - timedelta(days=1))
    )
    await session.commit()
    read = await client.get(f"/api/v1/conventions/{convention}")
    assert read.json()["statut"] == "expiree"
    partner = await client.get(
        f"/api/v1/structures/{demo.structures['CCAS du 19e arrondissement']}"
    )
    assert partner.json()["engagement"] == "contact"


async def test_refused_transitions_say_why_in_french(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    active = demo.conventions["Coordination Convergence – Paris"]
    response = await client.post(f"/api/v1/conventions/{active}/envoi-signature")
    assert response.status_code == 409
    assert "« active »" in response.json()["detail"]
    draft = demo.conventions["Mise en œuvre – Jardins de la Petite Ceinture"]
    sign_draft = await client.post(
        f"/api/v1/conventions/{draft}/signature", json={"date_signature": "2026-01-01"}
    )
    assert sign_draft.status_code == 409
    end_draft = await client.post(
        f"/api/v1/conventions/{draft}/resiliation",
        json={"date_resiliation": "2026-01-01", "motif": "x"},
    )
    assert end_draft.status_code == 409


async def test_composition_is_checked(client: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await client.post(
        "/api/v1/conventions",
        json={
            "type": "coordination",
            "titre": "Sans FAS",
            "territoire_id": str(demo.territoires["paris"]),
            "parties": _parties(
                demo, ("Convergence France", "signataire"), ("Ateliers de Belleville", "porteur")
            ),
        },
    )
    assert response.status_code == 422
    assert "FAS" in response.json()["errors"][0]["message"]


async def test_signed_convention_only_changes_its_echeance(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    path = f"/api/v1/conventions/{demo.conventions['Coordination Convergence – Paris']}"
    etag = (await client.get(path)).headers["etag"]
    refused = await client.patch(path, json={"titre": "Autre"}, headers={"If-Match": etag})
    assert refused.status_code == 409
    amended = await client.patch(
        path, json={"date_echeance": "2032-12-31"}, headers={"If-Match": etag}
    )
    assert amended.status_code == 200 and amended.json()["date_echeance"] == "2032-12-31"


# --- documents -----------------------------------------------------------------------------

DOCS = "/api/v1/conventions/{}/documents"


async def test_valid_pdf_comes_back_byte_for_byte(client: httpx.AsyncClient, demo: DemoIds) -> None:
    convention = demo.conventions["Partenariat – SIAO de Paris"]
    pdf = demo_pdf("Convention signée SIAO")
    created = await client.post(
        DOCS.format(convention), files={"fichier": ("signée SIAO.pdf", pdf, "application/pdf")}
    )
    assert created.status_code == 201
    document = created.json()
    assert document["taille"] == len(pdf) and document["content_type"] == "application/pdf"
    download = await client.get(created.headers["location"])
    assert download.status_code == 200
    assert download.content == pdf
    assert download.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''sign%C3%A9e%20SIAO.pdf" in download.headers["content-disposition"]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def test_odt_and_docx_are_recognised_by_content(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    convention = demo.conventions["Partenariat – SIAO de Paris"]
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    for name, data, expected in [
        ("annexe", odt, "application/vnd.oasis.opendocument.text"),
        (
            "avenant.bin",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]:
        response = await client.post(DOCS.format(convention), files={"fichier": (name, data)})
        assert response.status_code == 201, response.text
        assert response.json()["content_type"] == expected


async def test_an_executable_renamed_pdf_is_refused(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    convention = demo.conventions["Partenariat – SIAO de Paris"]
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 2000
    response = await client.post(
        DOCS.format(convention), files={"fichier": ("convention.pdf", elf, "application/pdf")}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "type_document_refuse"
    plain_zip = _zip({"payload.exe": b"MZ"})
    assert (
        await client.post(DOCS.format(convention), files={"fichier": ("x.docx", plain_zip)})
    ).status_code == 422


async def test_a_21_mb_upload_is_413(client: httpx.AsyncClient, demo: DemoIds) -> None:
    convention = demo.conventions["Partenariat – SIAO de Paris"]
    big = b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)
    response = await client.post(
        DOCS.format(convention), files={"fichier": ("gros.pdf", big, "application/pdf")}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    listed = await client.get(f"/api/v1/conventions/{convention}")
    assert all(d["nom_fichier"] != "gros.pdf" for d in listed.json()["documents"])


async def test_just_under_the_limit_is_accepted(client: httpx.AsyncClient, demo: DemoIds) -> None:
    convention = demo.conventions["Partenariat – SIAO de Paris"]
    data = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 - 20)
    response = await client.post(DOCS.format(convention), files={"fichier": ("limite.pdf", data)})
    assert response.status_code == 201
    assert response.json()["taille"] == len(data)


async def test_partner_users_cannot_reach_conventions(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    response = await anonymous.get("/api/v1/conventions", headers=auth("partenaire.siao"))
    assert response.status_code == 403


async def test_a_past_convention_is_recorded_in_historical_mode_only(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    rouen = str(demo.territoires["rouen"])
    chantier = await client.post(
        "/api/v1/structures",
        json={"type": "chantier", "nom": "Ancienne recyclerie de Rouen", "territoire_id": rouen},
    )
    old = await client.post(
        "/api/v1/conventions",
        json={
            "type": "mise_en_oeuvre",
            "titre": "Mise en œuvre 2010–2013",
            "territoire_id": rouen,
            "date_effet": "2010-01-01",
            "date_echeance": "2013-12-31",
            "parties": [
                {"structure_id": str(demo.structures["Convergence France"]), "role": "signataire"},
                {
                    "structure_id": str(demo.structures["Atelier Seine Insertion"]),
                    "role": "porteur",
                },
                {"structure_id": chantier.json()["id"], "role": "signataire"},
            ],
        },
    )
    assert old.status_code == 201, old.text
    path = f"/api/v1/conventions/{old.json()['id']}"
    assert (await client.post(f"{path}/envoi-signature")).status_code == 200
    refused = await client.post(f"{path}/signature", json={"date_signature": "2010-01-05"})
    assert refused.status_code == 422
    assert "mode historique" in refused.json()["detail"]
    recorded = await client.post(
        f"{path}/signature", json={"date_signature": "2010-01-05", "historique": True}
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["statut"] == "expiree"
    assert recorded.json()["date_signature"] == "2010-01-05"
