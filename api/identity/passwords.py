"""Password policy: 12 characters at least, not a common password, not the e-mail."""

from __future__ import annotations

import unicodedata

MIN_LENGTH = 12

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


def password_problem(password: str, email: str | None = None) -> str | None:
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
    return None
