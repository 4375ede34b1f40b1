import pytest

from api.core.validators import check_siret, luhn_ok
from api.demo.seed import STRUCTURES, demo_siret


def test_luhn_on_known_sirets() -> None:
    assert luhn_ok("73282932000074")
    assert not luhn_ok("73282932000075")


def test_siret_accepts_spaces_and_rejects_the_rest() -> None:
    assert check_siret("732 829 320 00074") == "73282932000074"
    with pytest.raises(ValueError, match="14 chiffres"):
        check_siret("7328293200007")
    with pytest.raises(ValueError, match="clé de contrôle"):
        check_siret("73282932000075")


def test_every_demo_siret_is_valid_and_distinct() -> None:
    sirets = [demo_siret(i) for i in range(1, len(STRUCTURES) + 1)]
    assert all(check_siret(s) == s for s in sirets)
    assert len(set(sirets)) == len(sirets)
