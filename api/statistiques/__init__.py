"""Statistical records of the parcours: the ground the indicators stand on."""

from api.statistiques.service import install

install()
