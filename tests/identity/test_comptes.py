"""Invitations, forgotten password and sessions, through the API and the real mail path.

E-mails go through the outbox to var/mail/ (the suite's temporary folder) or, in the SMTP
test, to a real aiosmtpd server on 127.0.0.1 with STARTTLS; the tests read the messages and
follow their links as a person would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import ipaddress
import json
import logging
import re
import socket
import ssl
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select, update

from api.core.audit import AuditEvent
from api.core.outbox import OutboxEvent
from api.identity.models import AccountToken, RefreshToken
from api.main import create_app
from tests.conftest import MAIL_DIR, DemoIds, suite_settings

STRONG = "cheval-agrafe-pile-correcte"
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _new(demo: DemoIds, **over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "email": "invitee@demo.example.org",
        "nom": "Invitée",
        "prenom": "Camille",
        "role": "encadrant_technique",
        "structure_id": str(demo.structures["Ressourcerie du Canal"]),
    }
    return body | over


def _mail_to(address: str, subject_part: str) -> email.message.EmailMessage:
    """The newest message of the demo folder for that address and subject."""
    found = []
    for path in MAIL_DIR.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and subject_part in str(message["Subject"]):
            found.append((path.stat().st_mtime_ns, message))
    assert found, f"no message to {address} about {subject_part}"
    return max(found, key=lambda f: f[0])[1]  # type: ignore[return-value]


def _token(message: email.message.EmailMessage) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    match = re.search(r"#jeton=([\w-]+)", text)
    assert match, text
    return match.group(1)


async def _login(anonymous: httpx.AsyncClient, email_: str, password: str) -> httpx.Response:
    return await anonymous.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email_, "password": password},
        headers={"User-Agent": UA},
    )


async def test_create_refuses_a_password_field(client: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await client.post(
        "/api/v1/utilisateurs", json=_new(demo, mot_de_passe="Une-phrase-de-passe-solide")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.mot_de_passe"


async def test_invitation_accepted_then_login(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, demo: DemoIds
) -> None:
    created = await client.post("/api/v1/utilisateurs", json=_new(demo))
    assert created.status_code == 201
    assert created.json()["invitation"]["statut"] == "en_attente"
    assert set(created.json()["invitation"]["actions"]) == {"renvoyer", "revoquer"}
    message = _mail_to("invitee@demo.example.org", "invitation")
    assert message.get_body(preferencelist=("html",)) is not None
    token = _token(message)
    # No password yet: nobody can log in.
    assert (await _login(anonymous, "invitee@demo.example.org", STRONG)).status_code == 401

    read = await anonymous.post("/api/v1/auth/invitation/lecture", json={"jeton": token})
    assert read.status_code == 200
    assert read.json()["email"] == "invitee@demo.example.org"
    weak = await anonymous.post(
        "/api/v1/auth/invitation/acceptation", json={"jeton": token, "mot_de_passe": "court"}
    )
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["field"] == "body.mot_de_passe"
    accepted = await anonymous.post(
        "/api/v1/auth/invitation/acceptation", json={"jeton": token, "mot_de_passe": STRONG}
    )
    assert accepted.status_code == 204
    again = await anonymous.post(
        "/api/v1/auth/invitation/acceptation", json={"jeton": token, "mot_de_passe": STRONG}
    )
    assert again.status_code == 410
    assert again.json()["code"] == "lien_deja_utilise"
    assert (await _login(anonymous, "invitee@demo.example.org", STRONG)).status_code == 200
    shown = await client.get(f"/api/v1/utilisateurs/{created.json()['id']}")
    assert shown.json()["invitation"] == {"statut": "acceptee", "expire_le": None, "actions": []}


async def test_resend_revoke_and_expiry(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, demo: DemoIds, session: Any
) -> None:
    created = (await client.post("/api/v1/utilisateurs", json=_new(demo))).json()
    first = _token(_mail_to("invitee@demo.example.org", "invitation"))
    resent = await client.post(f"/api/v1/utilisateurs/{created['id']}/invitation")
    assert resent.status_code == 200
    second = _token(_mail_to("invitee@demo.example.org", "invitation"))
    assert second != first
    old = await anonymous.post("/api/v1/auth/invitation/lecture", json={"jeton": first})
    assert old.status_code == 410
    revoked = await client.post(f"/api/v1/utilisateurs/{created['id']}/invitation/revocation")
    assert revoked.json()["invitation"]["statut"] == "revoquee"
    gone = await anonymous.post("/api/v1/auth/invitation/lecture", json={"jeton": second})
    assert (gone.status_code, gone.json()["code"]) == (410, "lien_revoque")
    twice = await client.post(f"/api/v1/utilisateurs/{created['id']}/invitation/revocation")
    assert twice.status_code == 409
    # A third link, then its expiry.
    await client.post(f"/api/v1/utilisateurs/{created['id']}/invitation")
    third = _token(_mail_to("invitee@demo.example.org", "invitation"))
    await session.execute(
        update(AccountToken)
        .where(AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None))
        .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    await session.commit()
    expired = await anonymous.post("/api/v1/auth/invitation/lecture", json={"jeton": third})
    assert (expired.status_code, expired.json()["code"]) == (410, "lien_expire")
    unknown = await anonymous.post("/api/v1/auth/invitation/lecture", json={"jeton": "x" * 43})
    assert unknown.status_code == 404
    # Only the hash is stored, and the outbox forgets the link once sent.
    hashes_ = (await session.scalars(select(AccountToken.token_hash))).all()
    assert third not in hashes_
    payloads = (
        await session.scalars(select(OutboxEvent.payload).where(OutboxEvent.type.like("compte.%")))
    ).all()
    assert all(p == {} for p in payloads)


async def test_coordinateur_invites_only_in_their_territoire(
    client: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    foreign = _new(demo, structure_id=str(demo.structures["Potagers de Vaulx"]))
    response = await client.post(
        "/api/v1/utilisateurs", json=foreign, headers=auth("coordinateur.paris")
    )
    assert response.status_code == 403
    own = await client.post(
        "/api/v1/utilisateurs", json=_new(demo), headers=auth("coordinateur.paris")
    )
    assert own.status_code == 201


async def test_forgotten_password_flow(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, session: Any, demo: DemoIds
) -> None:
    address = "accompagnateur.paris@demo.example.org"
    login = await _login(anonymous, address, "Demo-Convergence-2026")
    assert login.status_code == 200
    asked = await anonymous.post("/api/v1/auth/mot-de-passe-oublie", json={"email": address})
    assert asked.status_code == 202
    unknown = await anonymous.post(
        "/api/v1/auth/mot-de-passe-oublie", json={"email": "personne@demo.example.org"}
    )
    assert (unknown.status_code, unknown.json()) == (asked.status_code, asked.json())
    token = _token(_mail_to(address, "nouveau mot de passe"))
    reset = await anonymous.post(
        "/api/v1/auth/reinitialisation", json={"jeton": token, "mot_de_passe": STRONG}
    )
    assert reset.status_code == 204
    reused = await anonymous.post(
        "/api/v1/auth/reinitialisation", json={"jeton": token, "mot_de_passe": STRONG}
    )
    assert reused.status_code == 410
    # Every refresh token of the account is revoked, the old access token refused.
    refreshed = await anonymous.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": login.json()["refresh_token"]},
    )
    assert refreshed.status_code == 401
    old = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await anonymous.get("/api/v1/moi", headers=old)).status_code == 401
    live = await session.scalars(
        select(RefreshToken.id).where(
            RefreshToken.revoked_at.is_(None),
            RefreshToken.user_id == demo.users["accompagnateur.paris"],
        )
    )
    assert live.all() == []
    assert "changé" in str(_mail_to(address, "changé")["Subject"])
    assert (await _login(anonymous, address, STRONG)).status_code == 200


async def test_links_never_reach_logs_audit_or_referer(
    anonymous: httpx.AsyncClient, session: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Link leakage: the token travels in the fragment (never sent in a request line, so
    never in an access log or a Referer) and in request bodies; no log line or audit event
    holds it; pages are served with Referrer-Policy: no-referrer."""
    address = "fas.aura@demo.example.org"
    caplog.set_level(logging.DEBUG)
    await anonymous.post("/api/v1/auth/mot-de-passe-oublie", json={"email": address})
    message = _mail_to(address, "nouveau mot de passe")
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"https?://\S+#jeton=[\w-]+", text)
    assert link, text
    token = _token(message)
    assert "?" not in link.group(0) and link.group(0).endswith(f"#jeton={token}")
    page = await anonymous.get(urlsplit(link.group(0)).path)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    reset = await anonymous.post(
        "/api/v1/auth/reinitialisation", json={"jeton": token, "mot_de_passe": STRONG}
    )
    assert reset.status_code == 204
    # The request lines were logged (the check can fail), the token never.
    assert "/api/v1/auth/reinitialisation" in caplog.text
    assert token not in caplog.text
    details = (await session.scalars(select(AuditEvent.details))).all()
    assert any(d for d in details) and all(token not in json.dumps(d) for d in details)


async def test_reset_link_expires(anonymous: httpx.AsyncClient, session: Any) -> None:
    address = "encadrant.paris@demo.example.org"
    await anonymous.post("/api/v1/auth/mot-de-passe-oublie", json={"email": address})
    token = _token(_mail_to(address, "nouveau mot de passe"))
    await session.execute(
        update(AccountToken).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    await session.commit()
    late = await anonymous.post(
        "/api/v1/auth/reinitialisation", json={"jeton": token, "mot_de_passe": STRONG}
    )
    assert (late.status_code, late.json()["code"]) == (410, "lien_expire")


async def test_reset_throttled_per_address_without_telling(anonymous: httpx.AsyncClient) -> None:
    address = "direction.paris@demo.example.org"
    before = {p.name for p in MAIL_DIR.glob("*.eml")}
    answers = [
        await anonymous.post("/api/v1/auth/mot-de-passe-oublie", json={"email": address})
        for _ in range(5)
    ]
    assert {a.status_code for a in answers} == {202}
    sent = [
        p
        for p in MAIL_DIR.glob("*.eml")
        if p.name not in before and address in p.read_text(errors="replace")
    ]
    assert len(sent) == 3  # password_reset_per_hour


async def test_reset_answers_in_comparable_time(anonymous: httpx.AsyncClient) -> None:
    async def timed(address: str) -> float:
        start = time.perf_counter()
        response = await anonymous.post("/api/v1/auth/mot-de-passe-oublie", json={"email": address})
        assert response.status_code == 202
        return time.perf_counter() - start

    accounts = ["evaluateur", "financeur", "encadrant.paris", "direction.paris"]
    known, unknown = [], []
    for i in range(8):
        # Two requests per known account: under the per-address limit, each sends a link.
        known.append(await timed(f"{accounts[i % 4]}@demo.example.org"))
        unknown.append(await timed(f"inconnu{i}@demo.example.org"))
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    # Comparable: within 50 % of each other (or 20 ms on a fast run).
    assert abs(known_median - unknown_median) < max(0.02, 0.5 * unknown_median), (
        known_median,
        unknown_median,
    )


async def test_sessions_listed_and_ended(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient, demo: DemoIds
) -> None:
    address = "encadrant.paris@demo.example.org"
    first = (await _login(anonymous, address, "Demo-Convergence-2026")).json()
    second = (await _login(anonymous, address, "Demo-Convergence-2026")).json()
    h1 = {"Authorization": f"Bearer {first['access_token']}"}
    h2 = {"Authorization": f"Bearer {second['access_token']}"}
    listed = (await anonymous.get("/api/v1/moi/sessions", headers=h1)).json()
    mine = [s for s in listed if s["appareil"] == "Firefox sur Linux"]
    assert len(mine) >= 2 and sum(s["courante"] for s in listed) == 1
    other = next(s for s in mine if not s["courante"])
    ended = await anonymous.post(f"/api/v1/moi/sessions/{other['id']}/fin", headers=h1)
    assert ended.status_code == 204
    assert (await anonymous.get("/api/v1/moi", headers=h2)).status_code == 401
    refresh = await anonymous.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": second["refresh_token"]},
    )
    assert refresh.status_code == 401
    assert (await anonymous.get("/api/v1/moi", headers=h1)).status_code == 200
    # Another account's session: 404.
    foreign = await anonymous.post(f"/api/v1/moi/sessions/{other['id']}/fin", headers=h1)
    assert foreign.status_code == 404
    # An administrator ends them all.
    user_id = demo.users["encadrant.paris"]
    by_admin = await client.post(f"/api/v1/utilisateurs/{user_id}/sessions/fin")
    assert by_admin.status_code == 200 and by_admin.json()["sessions_terminees"] >= 1
    assert (await anonymous.get("/api/v1/moi", headers=h1)).status_code == 401


async def test_deactivation_ends_sessions(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient, demo: DemoIds
) -> None:
    address = "partenariat.paris@demo.example.org"
    login = (await _login(anonymous, address, "Demo-Convergence-2026")).json()
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    user_id = demo.users["partenariat.paris"]
    current = await client.get(f"/api/v1/utilisateurs/{user_id}")
    off = await client.patch(
        f"/api/v1/utilisateurs/{user_id}",
        json={"actif": False},
        headers={"If-Match": current.headers["etag"]},
    )
    assert off.status_code == 200
    assert (await anonymous.get("/api/v1/moi", headers=headers)).status_code == 401


async def test_demo_mailbox_lists_messages(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, demo: DemoIds
) -> None:
    await client.post("/api/v1/utilisateurs", json=_new(demo))
    box = await anonymous.get("/api/v1/demo/courriels")
    assert box.status_code == 200
    first = next(m for m in box.json() if m["destinataire"] == "invitee@demo.example.org")
    assert any("/invitation#jeton=" in link for link in first["liens"])


# --- real SMTP (aiosmtpd, STARTTLS) --------------------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Inbox:
    def __init__(self) -> None:
        self.messages: asyncio.Queue[email.message.EmailMessage] = asyncio.Queue()
        self.loop = asyncio.get_running_loop()
        self.tls_seen: list[bool] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.tls_seen.append(session.ssl is not None)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.loop.call_soon_threadsafe(self.messages.put_nowait, message)
        return "250 OK"


@pytest.fixture
async def smtp_server() -> AsyncIterator[tuple[_Inbox, int, Path]]:
    folder = Path(tempfile.mkdtemp(prefix="convergence-smtp-"))
    cert, key = _self_signed(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = _Inbox()
    # aiosmtpd's Controller checks its port by connecting to it: ask the system for a free one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
    )
    controller.start()
    try:
        yield inbox, port, cert
    finally:
        controller.stop()


async def test_invitation_and_reset_over_smtp(
    smtp_server: tuple[_Inbox, int, Path],
    migrated_database: str,
    engine: Any,
    sessionmaker: Any,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    inbox, port, cert = smtp_server
    settings = suite_settings(
        migrated_database, smtp_host="127.0.0.1", smtp_port=port, smtp_ca_file=str(cert)
    )
    app = create_app(settings, engine=engine)
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as web:
        created = await web.post(
            "/api/v1/utilisateurs",
            json=_new(demo, email="smtp@demo.example.org"),
            headers=auth("admin"),
        )
        assert created.status_code == 201
        invitation = await asyncio.wait_for(inbox.messages.get(), 10)
        assert invitation["To"] == "smtp@demo.example.org"
        assert inbox.tls_seen == [True]
        accepted = await web.post(
            "/api/v1/auth/invitation/acceptation",
            json={"jeton": _token(invitation), "mot_de_passe": STRONG},
        )
        assert accepted.status_code == 204
        await web.post("/api/v1/auth/mot-de-passe-oublie", json={"email": "smtp@demo.example.org"})
        reset = await asyncio.wait_for(inbox.messages.get(), 10)
        assert "nouveau mot de passe" in str(reset["Subject"])
        done = await web.post(
            "/api/v1/auth/reinitialisation",
            json={"jeton": _token(reset), "mot_de_passe": STRONG + "-2"},
        )
        assert done.status_code == 204
        notice = await asyncio.wait_for(inbox.messages.get(), 10)
        assert "changé" in str(notice["Subject"])
