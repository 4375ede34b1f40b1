"""Outgoing e-mail: SMTP with STARTTLS when a server is configured, else files in var/mail/.

Messages are French, plain text with an HTML alternative, and never carry personal data of
the people followed by the programme. Callers send from the worker or after the commit
(never inside a request's transaction): sending is slow and may fail.
"""

from __future__ import annotations

import email.policy
import html
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parsedate_to_datetime
from pathlib import Path

from api.core.db import utcnow
from api.settings import Settings

_LINK = re.compile(r"https?://[^\s<>\"]+")


def build_message(
    settings: Settings, *, to: str, subject: str, text: str, html_body: str | None = None
) -> EmailMessage:
    """A French message, plain text first; the HTML part is built from the text if absent."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="convergence.invalid")
    message["Content-Language"] = "fr"
    message.set_content(text)
    message.add_alternative(html_body or text_to_html(text), subtype="html")
    return message


def text_to_html(text: str) -> str:
    """Paragraphs of the text, its links made clickable, everything else escaped."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        escaped = html.escape(block)
        linked = _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"></head>'
        '<body style="font-family: Arial, sans-serif">' + "".join(paragraphs) + "</body></html>"
    )


def send(settings: Settings, message: EmailMessage, name: str) -> None:
    """Blocking: call it from a thread. `name` names the file in var/mail/ (demo, tests)."""
    if not settings.smtp_host:
        folder = Path(settings.mail_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.eml").write_bytes(bytes(message))
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            context = ssl.create_default_context(cafile=settings.smtp_ca_file or None)
            smtp.starttls(context=context)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


@dataclass(frozen=True)
class DemoMessage:
    id: str
    date: datetime | None
    destinataire: str
    sujet: str
    texte: str
    liens: list[str]


def demo_messages(settings: Settings, limit: int = 50) -> list[DemoMessage]:
    """The messages written to var/mail/, newest first (the demo mailbox)."""
    folder = Path(settings.mail_dir)
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
    parser = BytesParser(policy=email.policy.default)
    out = []
    for path in files[:limit]:
        message = parser.parsebytes(path.read_bytes())
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        date = message["Date"]
        out.append(
            DemoMessage(
                id=path.stem,
                date=parsedate_to_datetime(date) if date else None,
                destinataire=str(message["To"] or ""),
                sujet=str(message["Subject"] or ""),
                texte=text,
                liens=_LINK.findall(text),
            )
        )
    return out
