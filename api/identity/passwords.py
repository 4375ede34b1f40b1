"""Password policy: 12 characters at least, and hard to guess as measured by zxcvbn.

Strength: zxcvbn's estimate of the guesses an attacker needs, knowing the common passwords,
dictionaries, keyboard walks, dates and substitutions, and told the person's names, e-mail and
the programme's words. We require score 4 (at least 10^10 guesses). The CNIL (deliberation
2022-100) asks, for a password protected by throttling (our case: a login is slowed after 5
failures, up to 15 minutes between tries), at least 50 bits of entropy for a randomly drawn
password; zxcvbn does not measure a random draw but the rank of the password in an attacker's
ordering, which is what throttling faces: at 10^10 guesses, an online attacker limited to a few
hundred tries a day needs millions of years, and the 12-character minimum keeps a random
12-character password (about 60 bits) acceptable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from zxcvbn import zxcvbn  # type: ignore[import-untyped]

MIN_LENGTH = 12
MIN_SCORE = 4
PROGRAMME_WORDS = (
    "convergence",
    "chantier",
    "insertion",
    "parcours",
    "salarie",
    "accompagnateur",
    "accompagnement",
    "emmaus",
    "solidarite",
    "frein",
    "orientation",
)

# Frequent passwords and their usual French variants (lowercased, accents removed).
_COMMON = {
    "123456789012",
    "1234567890123",
    "azertyuiopqs",
    "azertyuiop12",
    "azertyuiop123",
    "qwertyuiop12",
    "qwertyuiop123",
    "motdepasse12",
    "motdepasse123",
    "motdepasse2024",
    "motdepasse2025",
    "motdepasse2026",
    "password1234",
    "password12345",
    "passwordpassword",
    "passw0rd1234",
    "iloveyou1234",
    "bonjour12345",
    "bonjour123456",
    "soleil123456",
    "doudou123456",
    "chouchou1234",
    "marseille2024",
    "marseille13013",
    "parisparis75",
    "paris2024paris",
    "jetaime123456",
    "jetaimejetaime",
    "convergence1",
    "convergence12",
    "convergence123",
    "convergence2024",
    "convergence2025",
    "convergence2026",
    "administrateur",
    "administrator",
    "adminadmin123",
    "admin1234567",
    "welcome12345",
    "letmein12345",
    "football1234",
    "princesse123",
    "loulou123456",
    "nicolas12345",
    "camille12345",
    "qwerty123456",
    "azerty123456",
    "aaaaaaaaaaaa",
    "000000000000",
    "111111111111",
    "abcdefghijkl",
    "abcdef123456",
    "changeme1234",
    "changezmoi123",
    "bienvenue123",
    "bienvenue1234",
    "superman1234",
    "dragon123456",
    "monkey123456",
    "sunshine1234",
    "trustno11234",
    "azertyazerty",
    "qwertyqwerty",
    "123456123456",
    "121212121212",
    "123123123123",
    "987654321098",
    "zaq12wsxcde3",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "chantier1234",
    "insertion123",
    "solidarite123",
    "emmaus123456",
}


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def password_problem(
    password: str, email: str | None = None, names: Iterable[str] = ()
) -> str | None:
    """The French reason the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > 128:
        return "Le mot de passe doit contenir au plus 128 caractères."
    normalised = _normalise(password)
    if normalised in _COMMON or len(set(normalised)) <= 3:
        return "Ce mot de passe est trop courant : choisissez-en un autre."
    if email:
        local = _normalise(email.split("@", 1)[0])
        if len(local) >= 4 and local in normalised:
            return "Le mot de passe ne doit pas contenir votre adresse e-mail."
    context = [*PROGRAMME_WORDS, *(_normalise(n) for n in names if n)]
    if email:
        context += [w for w in re.split(r"[^a-z0-9]+", _normalise(email)) if len(w) >= 3]
    result = zxcvbn(password, user_inputs=context)
    if result["score"] >= MIN_SCORE:
        return None
    return (
        "Ce mot de passe est trop facile à deviner : "
        + _weakness(result["sequence"])
        + ". Allongez-le, par exemple avec quatre mots sans rapport entre eux."
    )


def _weakness(sequence: list[dict[str, object]]) -> str:
    """What an attacker would try first, in French (from zxcvbn's matches)."""
    reasons: list[str] = []
    for match in sequence:
        pattern = match.get("pattern")
        if pattern == "dictionary":
            source = match.get("dictionary_name")
            if source == "user_inputs":
                reason = "il contient votre nom, votre adresse e-mail ou un mot du programme"
            elif source == "passwords":
                reason = "il repose sur un mot de passe parmi les plus courants"
            else:
                reason = "il repose sur un mot du dictionnaire ou un prénom courant"
            if match.get("l33t"):
                reason += " (remplacer des lettres par @, 0 ou 3 ne trompe personne)"
        elif pattern == "spatial":
            reason = "il suit les touches du clavier"
        elif pattern == "sequence":
            reason = "il contient une suite (abc, 1234)"
        elif pattern == "repeat":
            reason = "il répète les mêmes caractères"
        elif pattern in ("date", "regex"):
            reason = "il contient une date ou une année"
        else:
            continue
        if reason not in reasons:
            reasons.append(reason)
    return " ; ".join(reasons) or "il est trop court ou trop prévisible"
