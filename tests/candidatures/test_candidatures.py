"""Applications to join the network: the anonymous flow and its limits, the instruction and
its perimeter, acceptance and what it creates (through the API, the real mail path)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.candidatures.donnees import purger
from api.candidatures.models import Candidature, CandidatureLien
from api.conventions.models import Convention, ConventionPartie
from api.core.db import utcnow
from api.demo.seed import demo_siret
from api.identity.models import AccountToken, UserAccount
from api.main import create_app
from api.structures.models import Structure
from api.territoires.models import Territoire
from tests.candidatures.helpers import (
    demander,
    deposer,
    formulaire,
    mail_to,
    mails_to,
    ouvrir,
    partenaire,
    text,
    token,
)
from tests.conftest import DemoIds, suite_settings

PUBLIC = "/api/v1/candidature-publique"


async def _id(client: httpx.AsyncClient, nom: str) -> str:
    response = await client.get("/api/v1/candidatures", params={"limit": 200})
    assert response.status_code == 200, response.text
    found = [c["id"] for c in response.json()["items"] if c["nom"] == nom]
    assert found, nom
    return str(found[0])


# --- the anonymous flow --------------------------------------------------------------------


async def test_link_confirms_the_address_once_and_the_key_follows_the_application(
    anonymous: httpx.AsyncClient,
) -> None:
    address = "asso.droits@candidat.example.org"
    assert (await demander(anonymous, address, "partenaire")).status_code == 202
    message = mail_to(address, "votre candidature")
    assert "utilisable une seule fois" in text(message)
    jeton = token(message)
    opened = await anonymous.post(f"{PUBLIC}/acces", json={"jeton": jeton})
    assert opened.status_code == 200
    body = opened.json()
    assert body["candidature"]["statut"] == "brouillon"
    assert body["candidature"]["courriel"] == address
    assert "id" not in body["candidature"]
    again = await anonymous.post(f"{PUBLIC}/acces", json={"jeton": jeton})
    assert again.status_code == 410
    assert again.json()["code"] == "lien_deja_utilise"

    headers = {"X-Candidature-Cle": body["cle"]}
    saisie = partenaire("Droits Pour Tous", demo_siret(7001), ["paris"], address)
    saved = await anonymous.put(PUBLIC, json=saisie, headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["saisie"]["territoires_codes"] == ["paris"]
    sent = await anonymous.post(f"{PUBLIC}/soumission", headers=headers)
    assert sent.status_code == 200
    assert sent.json()["statut"] == "soumise"
    assert sent.json()["actions"] == []
    assert "bien reçu" in text(mail_to(address, "candidature reçue"))
    # Sent: no more changes; still readable with the key.
    late = await anonymous.put(PUBLIC, json=saisie, headers=headers)
    assert late.status_code == 409
    followed = await anonymous.get(PUBLIC, headers=headers)
    assert followed.json()["statut"] == "soumise"

    # A new link for the same address and voie opens the same application (new key).
    cle = await ouvrir(anonymous, address, "partenaire")
    assert (await anonymous.get(PUBLIC, headers={"X-Candidature-Cle": cle})).json()["saisie"][
        "nom"
    ] == "Droits Pour Tous"
    old = await anonymous.get(PUBLIC, headers=headers)
    assert old.status_code == 404


async def test_expired_link_is_410(anonymous: httpx.AsyncClient, session: AsyncSession) -> None:
    address = "retard@candidat.example.org"
    await demander(anonymous, address, "financeur")
    jeton = token(mail_to(address, "votre candidature"))
    await session.execute(
        update(CandidatureLien)
        .where(CandidatureLien.courriel == address)
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    await session.commit()
    response = await anonymous.post(f"{PUBLIC}/acces", json={"jeton": jeton})
    assert response.status_code == 410
    assert response.json()["code"] == "lien_expire"
    unknown = await anonymous.post(f"{PUBLIC}/acces", json={"jeton": "x" * 43})
    assert unknown.status_code == 404


async def test_hidden_field_filled_sends_nothing_with_the_same_answer(
    anonymous: httpx.AsyncClient, session: AsyncSession
) -> None:
    address = "robot@candidat.example.org"
    human = await demander(anonymous, "humain@candidat.example.org", "partenaire")
    robot = await demander(anonymous, address, "partenaire", site_internet="http://spam")
    assert robot.status_code == human.status_code == 202
    assert robot.json() == human.json()
    assert mails_to(address) == 0
    links = await session.scalar(select(func.count()).where(CandidatureLien.courriel == address))
    assert links == 0


async def test_form_sent_too_fast_or_forged_is_422(anonymous: httpx.AsyncClient) -> None:
    fast = await demander(
        anonymous,
        "vite@candidat.example.org",
        "partenaire",
        **{"jeton_formulaire": formulaire(seconds_ago=0)},
    )
    assert fast.status_code == 422
    assert fast.json()["errors"][0]["field"] == "body.jeton_formulaire"
    assert "trop rapide" in fast.json()["errors"][0]["message"]
    moment = formulaire().split(".")[0]
    forged = await demander(
        anonymous, "faux@candidat.example.org", "partenaire", jeton_formulaire=f"{moment}.abc"
    )
    assert forged.status_code == 422
    stale = await demander(
        anonymous,
        "ancien@candidat.example.org",
        "partenaire",
        jeton_formulaire=formulaire(seconds_ago=2 * 24 * 3600),
    )
    assert stale.status_code == 422
    assert mails_to("vite@candidat.example.org") == 0


async def test_rate_limit_per_address_sends_nothing_more_with_the_same_answer(
    anonymous: httpx.AsyncClient, session: AsyncSession
) -> None:
    address = "insistant@candidat.example.org"
    answers = [await demander(anonymous, address, "partenaire") for _ in range(5)]
    assert {r.status_code for r in answers} == {202}
    assert len({r.text for r in answers}) == 1
    links = await session.scalar(select(func.count()).where(CandidatureLien.courriel == address))
    assert links == 3  # candidature_par_courriel_par_heure
    assert mails_to(address) == 3


async def test_rate_limit_per_client_is_429(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(suite_settings(url, candidature_par_adresse_par_heure=2), engine=engine)
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as other:
        statuses = [
            (await demander(other, f"n{i}@candidat.example.org", "financeur")).status_code
            for i in range(3)
        ]
        assert statuses == [202, 202, 429]
        limited = await demander(other, "n9@candidat.example.org", "financeur")
        assert limited.headers["retry-after"] == "3600"


async def test_size_limits(anonymous: httpx.AsyncClient) -> None:
    cle = await ouvrir(anonymous, "taille@candidat.example.org", "chantier_porteur")
    headers = {"X-Candidature-Cle": cle}
    huge = await anonymous.put(PUBLIC, json={"presentation": "x" * 2_000_000}, headers=headers)
    assert huge.status_code == 413
    long = await anonymous.put(PUBLIC, json={"presentation": "x" * 4001}, headers=headers)
    assert long.status_code == 422
    contact = {"prenom": "A", "nom": "B", "courriel": "a@candidat.example.org"}
    many = await anonymous.put(PUBLIC, json={"contacts": [contact] * 11}, headers=headers)
    assert many.status_code == 422
    email_long = await demander(anonymous, "a" * 250 + "@x.org", "partenaire")
    assert email_long.status_code == 422


async def test_anonymous_cannot_name_existing_objects_nor_read_anything(
    anonymous: httpx.AsyncClient, demo: DemoIds
) -> None:
    cle = await ouvrir(anonymous, "ids@candidat.example.org", "chantier_porteur")
    headers = {"X-Candidature-Cle": cle}
    siao = str(demo.structures["SIAO de Paris"])
    for body in (
        {"structure_id": siao},
        {"territoire_id": str(demo.territoires["paris"])},
        {"territoire_code": str(demo.territoires["paris"])},
        {"territoire_code": "atlantide"},
        {"contacts": [{"prenom": "A", "nom": "B", "courriel": "a@b.org", "user_id": siao}]},
        {"territoires_codes": ["paris"]},  # a partner's field, not a chantier's
    ):
        response = await anonymous.put(PUBLIC, json=body, headers=headers)
        assert response.status_code == 422, body
    # Nothing without the key, nor with another one; no instruction route without a token.
    assert (await anonymous.get(PUBLIC)).status_code == 404
    assert (await anonymous.get(PUBLIC, headers={"X-Candidature-Cle": "x" * 40})).status_code == 404
    some = demo.candidatures["Épicerie Solidaire du 20e"]
    assert (await anonymous.get(f"/api/v1/candidatures/{some}")).status_code == 401
    assert (await anonymous.get("/api/v1/candidatures")).status_code == 401
    # The form's list of territoires: codes, names and statuts only.
    form = (await anonymous.get(f"{PUBLIC}/formulaire")).json()
    assert set(form["territoires"][0]) == {"code", "nom", "statut"}


async def test_submission_checks_what_the_voie_requires(anonymous: httpx.AsyncClient) -> None:
    cle = await ouvrir(anonymous, "incomplet@candidat.example.org", "partenaire")
    headers = {"X-Candidature-Cle": cle}
    await anonymous.put(PUBLIC, json={"nom": "Incomplète"}, headers=headers)
    response = await anonymous.post(f"{PUBLIC}/soumission", headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.siret"
    bad_siret = await anonymous.put(PUBLIC, json={"siret": "12345678901234"}, headers=headers)
    assert bad_siret.status_code == 422
    assert "clé de contrôle" in bad_siret.json()["errors"][0]["message"]


# --- instruction ---------------------------------------------------------------------------


async def test_instructors_see_their_territoires_only(
    app: object, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    paris_id = demo.candidatures["Épicerie Solidaire du 20e"]
    lyon_id = demo.candidatures["Maison des Droits Rhône"]
    nouveau = demo.candidatures["Ateliers du Littoral"]
    brouillon = demo.candidatures["Recyclerie en projet"]
    for login in ("partenariat.paris", "coordinateur.paris"):
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=auth(login)
        ) as c:
            assert (await c.get(f"/api/v1/candidatures/{paris_id}")).status_code == 200
            for other in (lyon_id, nouveau, brouillon):
                assert (await c.get(f"/api/v1/candidatures/{other}")).status_code == 404
                decided = await c.post(
                    f"/api/v1/candidatures/{other}/refus", json={"motif": "Hors périmètre"}
                )
                assert decided.status_code == 404
            names = {i["nom"] for i in (await c.get("/api/v1/candidatures")).json()["items"]}
            assert "Épicerie Solidaire du 20e" in names
            assert not names & {"Maison des Droits Rhône", "Ateliers du Littoral"}
            assert "Recyclerie en projet" not in names
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("admin")
    ) as admin:
        listed = await admin.get("/api/v1/candidatures", params={"voie": "chantier_porteur"})
        names = {i["nom"] for i in listed.json()["items"]}
        assert names == {"Jardins de Ménilmontant", "Ateliers du Littoral"}
        counts = (await admin.get("/api/v1/candidatures/compteurs")).json()
        assert counts["par_statut"]["soumise"] >= 4
        assert "brouillon" not in counts["par_statut"]
        assert (await admin.get(f"/api/v1/candidatures/{brouillon}")).status_code == 404
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("direction.paris")
    ) as other_role:
        assert (await other_role.get("/api/v1/candidatures")).status_code == 403


async def test_comments_and_refusal_with_its_motif(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    cid = demo.candidatures["Maison des Droits Rhône"]
    commented = await client.post(
        f"/api/v1/candidatures/{cid}/commentaires", json={"texte": "Vu avec le SIAO."}
    )
    assert commented.status_code == 201
    assert commented.json()["commentaires"][-1]["auteur"] == "Alex Exemple"
    no_motif = await client.post(f"/api/v1/candidatures/{cid}/refus", json={})
    assert no_motif.status_code == 422
    blank = await client.post(f"/api/v1/candidatures/{cid}/refus", json={"motif": "  "})
    assert blank.status_code == 422
    refused = await client.post(
        f"/api/v1/candidatures/{cid}/refus", json={"motif": "Aucun besoin sur ce secteur."}
    )
    assert refused.status_code == 200
    assert refused.json()["statut"] == "refusee"
    assert refused.json()["actions"] == []
    message = mail_to("contact@maisondesdroitsrhone.demo.example.org", "réponse")
    assert "Aucun besoin sur ce secteur." in text(message)
    again = await client.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
    assert again.status_code == 409


# --- acceptance ----------------------------------------------------------------------------


async def test_partner_accepted_by_the_charge_de_partenariat_creates_everything_once(
    anonymous: httpx.AsyncClient,
    app: object,
    auth: Callable[[str], dict[str, str]],
    session: AsyncSession,
) -> None:
    address = "nouveau.partenaire@candidat.example.org"
    contact = "alix.candidate@candidat.example.org"
    siret = demo_siret(7100)
    await deposer(
        anonymous, address, "partenaire", partenaire("Accès Droits 11e", siret, ["paris"], contact)
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("partenariat.paris")
    ) as cp:
        cid = await _id(cp, "Accès Droits 11e")
        detail = (await cp.get(f"/api/v1/candidatures/{cid}")).json()
        assert detail["actions"] == ["commentaire", "instruction", "classement"]
        assert detail["structure_existante"] is None
        taken = await cp.post(f"/api/v1/candidatures/{cid}/instruction")
        assert taken.json()["statut"] == "en_instruction"
        assert "acceptation" in taken.json()["actions"]
        assert "étudiée" in text(mail_to(address, "instruction"))
        first = await cp.post(
            f"/api/v1/candidatures/{cid}/acceptation", json={"message": "Bienvenue !"}
        )
        assert first.status_code == 200, first.text
        second = await cp.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
        assert second.status_code == 200
    created = first.json()["creations"]
    assert second.json()["creations"] == created
    assert created["comptes_invites"] == 1
    structures = (await session.scalars(select(Structure).where(Structure.siret == siret))).all()
    assert len(structures) == 1
    structure = structures[0]
    assert str(structure.id) == created["structure_id"]
    assert structure.type == "partenaire"
    convention = await session.get(Convention, uuid.UUID(created["convention_id"]))
    assert convention is not None
    assert (convention.type, convention.statut) == ("partenariat", "brouillon")
    user = await session.scalar(select(UserAccount).where(UserAccount.email == contact))
    assert user is not None
    assert (user.role, user.structure_id, user.password_hash) == ("partenaire", structure.id, None)
    assert "/invitation#jeton=" in text(mail_to(contact, "invitation"))
    accepted = text(mail_to(address, "acceptée"))
    assert "Bienvenue !" in accepted
    # The partner table: a new partner, come by an application, without any orientation yet.
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("partenariat.paris")
    ) as cp:
        stats = (await cp.get("/api/v1/orientations/statistiques")).json()
    new = next(p for p in stats["nouveaux"] if p["partenaire_id"] == str(structure.id))
    assert (new["par_candidature"], new["orientations_recues"]) == (True, 0)
    assert str(structure.id) in {p["partenaire_id"] for p in stats["jamais_sollicites"]}


async def test_existing_siret_shows_differences_and_updates_after_confirmation(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    siao = await session.scalar(select(Structure).where(Structure.nom == "SIAO de Paris"))
    assert siao is not None and siao.siret
    address = "siao@candidat.example.org"
    saisie = partenaire("SIAO de Paris (nouveau nom)", siao.siret, ["paris"], address)
    saisie["contacts"][0]["compte"] = False
    await deposer(anonymous, address, "partenaire", saisie)
    cid = await _id(client, "SIAO de Paris (nouveau nom)")
    await client.post(f"/api/v1/candidatures/{cid}/instruction")
    detail = (await client.get(f"/api/v1/candidatures/{cid}")).json()
    existing = detail["structure_existante"]
    assert existing["id"] == str(siao.id)
    changed = {d["champ"]: d for d in existing["differences"]}
    assert changed["nom"]["propose"] == "SIAO de Paris (nouveau nom)"
    refused = await client.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
    assert refused.status_code == 409
    assert refused.json()["code"] == "mise_a_jour_a_confirmer"
    count = await session.scalar(select(func.count()).select_from(Structure))
    done = await client.post(
        f"/api/v1/candidatures/{cid}/acceptation", json={"confirmer_mise_a_jour": True}
    )
    assert done.status_code == 200, done.text
    assert done.json()["creations"]["structure_id"] == str(siao.id)
    assert done.json()["creations"]["comptes_invites"] == 0
    assert await session.scalar(select(func.count()).select_from(Structure)) == count
    await session.refresh(siao)
    assert siao.nom == "SIAO de Paris (nouveau nom)"


async def test_chantier_for_a_new_territoire_is_the_national_teams(
    anonymous: httpx.AsyncClient,
    client: httpx.AsyncClient,
    app: object,
    auth: Callable[[str], dict[str, str]],
    session: AsyncSession,
) -> None:
    address = "chantier.neuf@candidat.example.org"
    saisie = {
        "nom": "Chantier du Bocage",
        "siret": demo_siret(7200),
        "nouveau_territoire": "Pays du Bocage",
        "nombre_postes": 10,
        "salaries_insertion": 24,
        "presentation": "Un ACI de maraîchage qui veut porter Convergence.",
        "contacts": [
            {"prenom": "Sam", "nom": "Porteur", "courriel": "sam.porteur@candidat.example.org"}
        ],
    }
    await deposer(anonymous, address, "chantier_porteur", saisie)
    cid = await _id(client, "Chantier du Bocage")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("coordinateur.paris")
    ) as coordinateur:
        assert (await coordinateur.get(f"/api/v1/candidatures/{cid}")).status_code == 404
    await client.post(f"/api/v1/candidatures/{cid}/instruction")
    missing = await client.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "body.densite"
    done = await client.post(
        f"/api/v1/candidatures/{cid}/acceptation", json={"densite": "peu_dense"}
    )
    assert done.status_code == 200, done.text
    created = done.json()["creations"]
    territoire = await session.get(Territoire, uuid.UUID(created["territoire_id"]))
    assert territoire is not None
    assert (territoire.nom, territoire.statut, territoire.code) == (
        "Pays du Bocage",
        "preparation",
        "pays-du-bocage",
    )
    chantier = await session.get(Structure, uuid.UUID(created["structure_id"]))
    assert chantier is not None
    assert (chantier.type, chantier.territoire_id, chantier.porteur_coordination) == (
        "chantier",
        territoire.id,
        True,
    )
    assert created["convention_id"] is None
    user = await session.scalar(
        select(UserAccount).where(UserAccount.email == "sam.porteur@candidat.example.org")
    )
    assert user is not None and user.role == "direction_chantier"


async def test_chantier_in_an_operational_territoire_gets_a_mise_en_oeuvre(
    app: object, auth: Callable[[str], dict[str, str]], demo: DemoIds, session: AsyncSession
) -> None:
    cid = demo.candidatures["Jardins de Ménilmontant"]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("coordinateur.paris")
    ) as coordinateur:
        await coordinateur.post(f"/api/v1/candidatures/{cid}/instruction")
        done = await coordinateur.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
        assert done.status_code == 200, done.text
    created = done.json()["creations"]
    convention = await session.get(Convention, uuid.UUID(created["convention_id"]))
    assert convention is not None
    assert (convention.type, convention.territoire_id) == (
        "mise_en_oeuvre",
        demo.territoires["paris"],
    )
    chantier = await session.get(Structure, uuid.UUID(created["structure_id"]))
    assert chantier is not None and not chantier.porteur_coordination


async def test_funder_is_accepted_by_the_national_team_only(
    app: object,
    client: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
) -> None:
    cid = demo.candidatures["Fondation Horizon Démo"]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("partenariat.paris")
    ) as cp:
        detail = (await cp.get(f"/api/v1/candidatures/{cid}")).json()
        assert "acceptation" not in detail["actions"]
        assert detail["acceptation_impossible"]
        refused = await cp.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
        assert refused.status_code == 403
    done = await client.post(f"/api/v1/candidatures/{cid}/acceptation", json={})
    assert done.status_code == 200, done.text
    created = done.json()["creations"]
    convention = await session.get(Convention, uuid.UUID(created["convention_id"]))
    assert convention is not None and convention.type == "financement"
    financeur = await session.get(Structure, uuid.UUID(created["structure_id"]))
    assert financeur is not None and financeur.type == "financeur"


async def test_indicators(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/candidatures/indicateurs")
    assert response.status_code == 200
    body = response.json()
    voies = {v["voie"]: v for v in body["par_voie"]}
    assert voies["partenaire"]["candidatures"] == 6
    assert voies["partenaire"]["acceptees"] == 1
    assert body["taux_acceptation"] == pytest.approx(1 / 3, abs=0.001)
    assert body["delai_median_decision_jours"] == pytest.approx(15, abs=0.1)
    months = body["par_territoire_et_mois"]
    assert any(m["territoire_id"] is None for m in months)  # the new territoire
    # Ten sent applications; the funder naming two territoires counts in each.
    assert sum(m["candidatures"] for m in months) == 11


# --- concurrency (real commits on two connections) -----------------------------------------


async def test_two_concurrent_acceptances_create_one_structure(
    engine: AsyncEngine, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    settings = suite_settings(engine.url.render_as_string(hide_password=False))
    app = create_app(settings, engine=engine)
    transport = httpx.ASGITransport(app=app)
    cid = demo.candidatures["Épicerie Solidaire du 20e"]
    siret = None
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=auth("admin")
        ) as admin:
            results = await asyncio.gather(
                admin.post(f"/api/v1/candidatures/{cid}/acceptation", json={}),
                admin.post(f"/api/v1/candidatures/{cid}/acceptation", json={}),
            )
        assert [r.status_code for r in results] == [200, 200], [r.text for r in results]
        created = {r.json()["creations"]["structure_id"] for r in results}
        assert len(created) == 1
        async with AsyncSession(engine) as check:
            candidature = await check.get(Candidature, cid)
            assert candidature is not None
            siret = candidature.siret
            count = await check.scalar(
                select(func.count()).select_from(Structure).where(Structure.siret == siret)
            )
            assert count == 1
    finally:
        await _undo_acceptance(engine, cid)


async def _undo_acceptance(engine: AsyncEngine, cid: uuid.UUID) -> None:
    """Put the shared demo database back as it was (this test committed)."""
    async with AsyncSession(engine) as s, s.begin():
        candidature = await s.get(Candidature, cid)
        assert candidature is not None
        structure_id, convention_id = candidature.structure_id, candidature.convention_id
        users = [uuid.UUID(u) for u in candidature.comptes_invites or []]
        await s.execute(
            update(Candidature)
            .where(Candidature.id == cid)
            .values(
                statut="en_instruction",
                structure_id=None,
                convention_id=None,
                comptes_invites=[],
                decidee_le=None,
                decidee_par=None,
                message_decision=None,
            )
        )
        if users:
            await s.execute(delete(AccountToken).where(AccountToken.user_id.in_(users)))
            await s.execute(delete(UserAccount).where(UserAccount.id.in_(users)))
        if convention_id:
            await s.execute(
                delete(ConventionPartie).where(ConventionPartie.convention_id == convention_id)
            )
            await s.execute(delete(Convention).where(Convention.id == convention_id))
        if structure_id:
            await s.execute(delete(Structure).where(Structure.id == structure_id))


# --- personal data -------------------------------------------------------------------------


async def test_access_and_erasure_of_an_applicant_and_a_contact(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    address = "demandeuse@candidat.example.org"
    contact = "contact.rgpd@candidat.example.org"
    cle = await deposer(
        anonymous,
        address,
        "partenaire",
        partenaire("Droits et Logement", demo_siret(7300), ["paris"], contact),
    )
    url = "/api/v1/candidatures/donnees-personnelles"
    as_contact = (await client.get(url, params={"courriel": contact})).json()
    assert len(as_contact) == 1
    assert as_contact[0]["demandeur"] is False
    assert as_contact[0]["contacts"][0]["courriel"] == contact
    as_applicant = (await client.get(url, params={"courriel": address})).json()
    assert as_applicant[0]["demandeur"] is True

    erased = await client.post(
        "/api/v1/candidatures/donnees-personnelles/effacement", json={"courriel": contact}
    )
    assert erased.json()["contacts_effaces"] == 1
    assert (await client.get(url, params={"courriel": contact})).json() == []
    erased = await client.post(
        "/api/v1/candidatures/donnees-personnelles/effacement", json={"courriel": address}
    )
    assert erased.json()["adresses_de_demande_effacees"] == 1
    assert (await client.get(url, params={"courriel": address})).json() == []
    # The applicant's key no longer opens anything.
    headers = {"X-Candidature-Cle": cle}
    assert (await anonymous.get(PUBLIC, headers=headers)).status_code == 404


async def test_coordinateur_exports_only_its_territoires(
    app: object, auth: Callable[[str], dict[str, str]]
) -> None:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    url = "/api/v1/candidatures/donnees-personnelles"
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("coordinateur.paris")
    ) as coordinateur:
        lyon = await coordinateur.get(
            url, params={"courriel": "contact@maisondesdroitsrhone.demo.example.org"}
        )
        assert lyon.json() == []
        paris = await coordinateur.get(
            url, params={"courriel": "contact@epiceriesolidairedu2.demo.example.org"}
        )
        assert len(paris.json()) == 1


async def test_refused_closed_and_abandoned_applications_are_erased_after_twelve_months(
    session: AsyncSession, demo: DemoIds
) -> None:
    refused = demo.candidatures["Club Loisirs Démo"]
    kept = demo.candidatures["Accueil de Jour Ourcq"]
    draft = demo.candidatures["Recyclerie en projet"]
    now = utcnow()
    assert (await purger(session, 12, now))["candidatures_effacees"] == 0
    counts = await purger(session, 12, now + timedelta(days=400))
    assert counts["candidatures_effacees"] == 3  # refused, closed without follow-up, draft
    remaining = set((await session.scalars(select(Candidature.id))).all())
    assert refused not in remaining and draft not in remaining
    assert kept in remaining


# --- documents -----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_documents_follow_the_convention_documents_rules(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    cle = await ouvrir(anonymous, "documents@candidat.example.org", "chantier_porteur")
    headers = {"X-Candidature-Cle": cle}
    url = f"{PUBLIC}/documents"
    added = await anonymous.post(
        url, files={"fichier": ("../projet<1>.pdf", PDF, "application/pdf")}, headers=headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["documents"] == [{"nom_fichier": "projet1.pdf", "taille": len(PDF)}]
    fake = await anonymous.post(
        url, files={"fichier": ("virus.pdf", b"MZ\x90\x00", "application/pdf")}, headers=headers
    )
    assert fake.status_code == 422
    big = await anonymous.post(
        url,
        files={"fichier": ("gros.pdf", PDF + b"0" * (6 * 1024 * 1024), "application/pdf")},
        headers=headers,
    )
    assert big.status_code == 413
    saisie = {
        "nom": "Chantier aux documents",
        "siret": demo_siret(7400),
        "territoire_code": "paris",
        "nombre_postes": 8,
        "contacts": [{"prenom": "Lou", "nom": "Doc", "courriel": "lou.doc@candidat.example.org"}],
    }
    await anonymous.put(PUBLIC, json=saisie, headers=headers)
    await anonymous.post(f"{PUBLIC}/soumission", headers=headers)
    late = await anonymous.post(
        url, files={"fichier": ("tard.pdf", PDF, "application/pdf")}, headers=headers
    )
    assert late.status_code == 409

    cid = await _id(client, "Chantier aux documents")
    detail = (await client.get(f"/api/v1/candidatures/{cid}")).json()
    (document,) = detail["documents"]
    downloaded = await client.get(f"/api/v1/candidatures/{cid}/documents/{document['id']}")
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    assert downloaded.headers["content-type"] == "application/pdf"
