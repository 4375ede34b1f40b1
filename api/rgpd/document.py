"""The person's data as a printable French HTML document (right of access).

Everything that comes from the database is escaped (`html.escape`, quotes included); the
document carries no script and is served with a CSP that forbids any.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from api.referentiel.libelles import LIBELLES, LIBELLES_LIBRES
from api.rgpd.schemas import AccesOut, DonneesPersonnellesOut, OrientationDonnees, ParcoursDonnees

try:
    PARIS: Any = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # pragma: no cover - images without tzdata
    PARIS = None

MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip

# Which vocabulary of the référentiel labels each kind of value the document shows.
VOCABULAIRES: dict[str, str] = {
    "sexe": "Sexe",
    "statut_parcours": "StatutParcours",
    "consentement": "TypeConsentement",
    "domaine": "Domaine",
    "etape": "EtapeDiagnostic",
    "statut_frein": "StatutFrein",
    "statut_action": "StatutAction",
    "statut_orientation": "StatutOrientation",
    "partage": "ElementPartage",
    "donnee_transmise": "donnee_transmise",
    "action_audit": "audit_action",
    "objet_audit": "audit_objet",
    "journal": "TypeJournal",
    "resultat_suivi": "ResultatSuivi",
    "type_contrat": "TypeContrat",
    "prescripteur": "Prescripteur",
    "logement": "SituationLogement",
    "motif": "MotifSortie",
    "fonction": "FonctionReferent",
}

STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid #333; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; } h4 { font-size: 1rem; margin-bottom: .25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; } dl { display: grid; grid-template-columns: 14rem 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; } .texte { white-space: pre-wrap; }
.note { background: #f4f4f4; padding: .75rem 1rem; border-left: 4px solid #555; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               table, .bloc { break-inside: avoid; } }
"""


def e(value: Any) -> str:
    """Escape anything for HTML text and attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def label(kind: str, value: Any) -> str:
    if value is None:
        return ""
    raw = getattr(value, "value", value)
    vocabulaire = VOCABULAIRES[kind]
    table = LIBELLES.get(vocabulaire) or LIBELLES_LIBRES[vocabulaire]
    return table.get(str(raw), str(raw).replace("_", " "))


def jour(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {MOIS[value.month - 1]} {value.year}"


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(PARIS) if PARIS is not None else value
    return f"{jour(local.date())} à {local:%H:%M}"


def oui_non(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


def _dl(items: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v) or '—'}</dd>" for k, v in items)
    return f"<dl>{rows}</dl>"


def _table(caption: str, head: list[str], rows: list[list[Any]], empty: str) -> str:
    if not rows:
        return f"<p>{e(empty)}</p>"
    th = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return (
        f"<table><caption>{e(caption)}</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
    )


def _situations(values: list[str] | None, libelles: Mapping[str, str]) -> str:
    return ", ".join(libelles.get(v, v.replace("_", " ")) for v in values or [])


def _parcours(p: ParcoursDonnees, libelles: Mapping[str, str]) -> str:
    parts = [
        f'<section class="bloc"><h3>Parcours au chantier {e(p.chantier_nom)}, '
        f"entré le {e(jour(p.date_entree))}</h3>",
        _dl(
            [
                ("Statut", label("statut_parcours", p.statut)),
                ("Prescripteur", label("prescripteur", p.prescripteur)),
                ("Précision", p.prescripteur_precision),
                ("Parcours de rue", oui_non(p.parcours_de_rue)),
                ("Durée à la rue (mois)", p.duree_rue_mois),
                ("Logement à l'entrée", label("logement", p.logement_entree)),
                ("Justification de la durée", p.justification_duree),
                ("Motif de suspension", p.motif_suspension),
                ("Date de sortie", jour(p.date_sortie)),
                ("Motif de sortie", label("motif", p.motif_sortie)),
                ("Logement à la sortie", label("logement", p.logement_sortie)),
                ("Employeur à la sortie", p.employeur_sortie),
                ("Contrat à la sortie", p.contrat_sortie),
                ("Clôture", jour(p.date_cloture)),
            ]
        ),
        "<h4>Contrats</h4>",
        _table(
            "Contrats de travail",
            ["Type", "Début", "Fin", "Heures par semaine"],
            [
                [
                    label("type_contrat", c.type),
                    jour(c.date_debut),
                    jour(c.date_fin),
                    c.heures_hebdo,
                ]
                for c in p.contrats
            ],
            "Aucun contrat.",
        ),
        "<h4>Suivis après la sortie</h4>",
        _table(
            "Suivis après la sortie",
            ["Échéance", "Prévu le", "Réalisé le", "Résultat", "En emploi", "Commentaire"],
            [
                [
                    f"{s.echeance_mois} mois",
                    jour(s.date_prevue),
                    jour(s.date_realisee),
                    label("resultat_suivi", s.resultat),
                    oui_non(s.en_emploi),
                    s.commentaire,
                ]
                for s in p.suivis
            ],
            "Aucun suivi prévu.",
        ),
        "<h4>Diagnostics</h4>",
    ]
    if not p.diagnostics:
        parts.append("<p>Aucun diagnostic.</p>")
    for d in p.diagnostics:
        parts.append(
            _table(
                f"Diagnostic {label('etape', d.etape).lower()} du {jour(d.date)}",
                ["Domaine", "Niveau (0 à 3)", "Situations", "Commentaire"],
                [
                    [
                        label("domaine", item.domaine),
                        item.niveau,
                        _situations(item.situations, libelles),
                        item.commentaire,
                    ]
                    for item in d.domaines
                ],
                "Aucun domaine renseigné.",
            )
        )
    parts.append("<h4>Freins et actions</h4>")
    parts.append(
        _table(
            "Freins",
            ["Domaine", "Niveau", "Statut", "Situations", "Commentaire", "Actions"],
            [
                [
                    label("domaine", f.domaine),
                    f.niveau,
                    label("statut_frein", f.statut),
                    _situations(f.situations, libelles),
                    f.commentaire,
                    "; ".join(
                        f"{libelles.get(a.type, a.type)}"
                        + (f" ({a.libelle})" if a.libelle else "")
                        + f" : {label('statut_action', a.statut).lower()}"
                        for a in f.actions or []
                    ),
                ]
                for f in p.freins
            ],
            "Aucun frein.",
        )
    )
    parts.append("<h4>Journal</h4>")
    if not p.journal:
        parts.append("<p>Aucune entrée.</p>")
    for j in p.journal:
        parts.append(
            f'<div class="bloc"><p><strong>{e(jour(j.date))} · {e(label("journal", j.type))} · '
            f"{e(j.titre)}</strong></p>"
            + (f'<p class="texte">{e(j.texte)}</p>' if j.texte else "")
            + "</div>"
        )
    parts.append("</section>")
    return "".join(parts)


def _orientation(o: OrientationDonnees, libelles: Mapping[str, str]) -> str:
    shared = o.donnees_partagees.model_dump() if o.donnees_partagees else {}
    transmis = [
        (
            label("donnee_transmise", k),
            jour(v)
            if isinstance(v, date)
            else (_situations(v, libelles) if isinstance(v, list) else v),
        )
        for k, v in shared.items()
        if v is not None
    ]
    return (
        f'<section class="bloc"><h3>{e(o.partenaire_nom)} · {e(label("domaine", o.domaine))}</h3>'
        + _dl(
            [
                ("Motif", o.motif),
                ("Besoin", o.besoin),
                ("Statut", label("statut_orientation", o.statut)),
                ("Envoyée le", moment(o.envoyee_le)),
                ("Réponse du partenaire", o.commentaire_reponse),
                ("Réalisée le", jour(o.date_realisation)),
            ]
        )
        + "<h4>Informations transmises au partenaire</h4>"
        + (_dl(transmis) if transmis else "<p>Rien n'a été transmis (brouillon).</p>")
        + "<h4>Messages échangés</h4>"
        + _table(
            "Messages",
            ["Date", "De", "Message"],
            [
                [
                    moment(m.created_at),
                    "le partenaire" if m.cote == "partenaire" else "le chantier",
                    m.texte,
                ]
                for m in o.messages
            ],
            "Aucun message.",
        )
        + "</section>"
    )


def _acces(rows: list[AccesOut]) -> list[list[Any]]:
    out = []
    for a in rows:
        who = a.acteur.nom or {"systeme": "Traitement automatique", "anonyme": "Anonyme"}.get(
            a.acteur.type, a.acteur.type
        )
        if a.acteur.structure:
            who = f"{who} ({a.acteur.structure})"
        out.append(
            [
                moment(a.occurred_at),
                who,
                label("action_audit", a.action),
                label("objet_audit", a.object_type),
            ]
        )
    return out


def render(data: DonneesPersonnellesOut, libelles: Mapping[str, str] | None = None) -> str:
    """The whole document. `libelles`: the référentiel's labels of situation codes."""
    libelles = libelles or {}
    ident = data.identite
    nom = f"{ident.prenoms} {ident.nom}"
    sections = [
        "<!doctype html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Données personnelles de {e(nom)} — Convergence</title>",
        f"<style>{STYLE}</style></head><body><main>",
        "<h1>Vos données personnelles dans Convergence</h1>",
        f"<p>Document établi le {e(moment(data.genere_le))} pour <strong>{e(nom)}</strong>, "
        f"suivi·e par le chantier {e(data.chantier_nom)} ({e(data.territoire_nom)}).</p>",
        '<p class="note">Ce document reprend tout ce que le programme Convergence conserve sur '
        "vous : votre identité, votre parcours, les informations transmises aux partenaires et "
        "la liste des personnes qui ont consulté votre dossier. Vous pouvez demander que des "
        "informations inexactes soient corrigées, vous opposer à un partage, retirer un "
        "consentement ou demander l'effacement de vos données auprès de votre chantier. Vous "
        "pouvez aussi saisir la CNIL (www.cnil.fr).</p>",
        "<h2>Identité et coordonnées</h2>",
        _dl(
            [
                ("Nom", ident.nom),
                ("Nom d'usage", ident.nom_usage),
                ("Prénoms", ident.prenoms),
                ("Date de naissance", jour(ident.date_naissance)),
                ("Sexe", label("sexe", ident.sexe)),
                ("Téléphone", ident.telephone),
                ("Adresse e-mail", ident.courriel),
                ("Adresse", ident.adresse),
                ("Domiciliation", ident.domiciliation),
                ("Langues parlées", ", ".join(ident.langues)),
                ("Dossier créé le", moment(ident.created_at)),
            ]
        ),
        "<h2>Vos consentements</h2>",
        _table(
            "Consentements",
            ["Objet", "Partenaire", "Santé incluse", "Recueilli le", "Retiré le"],
            [
                [
                    label("consentement", c.type),
                    c.partenaire_nom,
                    oui_non(c.inclut_sante) if c.partenaire_id else "",
                    jour(c.date_recueil),
                    jour(c.revoque_le),
                ]
                for c in data.consentements
            ],
            "Aucun consentement enregistré.",
        ),
        "<h2>Professionnels qui vous accompagnent par ailleurs</h2>",
        _table(
            "Référents externes",
            ["Nom", "Organisation", "Fonction", "Téléphone", "Adresse e-mail", "Commentaire"],
            [
                [
                    r.nom,
                    r.organisation,
                    label("fonction", r.fonction),
                    r.telephone,
                    r.courriel,
                    r.commentaire,
                ]
                for r in data.referents_externes
            ],
            "Aucun référent externe enregistré.",
        ),
        "<h2>Votre parcours</h2>",
        "".join(_parcours(p, libelles) for p in data.parcours) or "<p>Aucun parcours.</p>",
        "<h2>Vos orientations vers des partenaires</h2>",
        "".join(_orientation(o, libelles) for o in data.orientations)
        or "<p>Aucune orientation.</p>",
        "<h2>Transmissions à des partenaires</h2>",
        _table(
            "Transmissions",
            ["Date", "Partenaire", "Informations transmises"],
            [
                [
                    moment(d.envoyee_le),
                    d.partenaire_nom,
                    ", ".join(label("partage", x) for x in d.elements),
                ]
                for d in data.divulgations
            ],
            "Aucune information n'a été transmise à un partenaire.",
        ),
        "<h2>Qui a consulté ou modifié votre dossier</h2>",
        _table(
            "Historique des accès",
            ["Date", "Qui", "Action", "Partie du dossier"],
            _acces(data.acces),
            "Aucun accès enregistré.",
        ),
        "<h2>Combien de temps vos données sont conservées</h2>",
        _dl(
            [
                ("Dernier contact", jour(data.conservation.dernier_contact)),
                (
                    "Conservation",
                    f"{data.conservation.retention_mois} mois après le dernier contact",
                ),
                (
                    "Anonymisation prévue après le",
                    "à la fin du parcours en cours"
                    if data.conservation.dossier_ouvert
                    else jour(data.conservation.conserve_jusqu_au),
                ),
            ]
        ),
        "<p>Ensuite, votre dossier est anonymisé : il ne reste qu'une fiche statistique sans "
        "nom ni date de naissance, qui sert aux indicateurs du programme.</p>",
        "".join(
            f"<p>Conservé pour une obligation légale : {e(c.motif)}</p>"
            for c in data.conservation.conservation_legale
        ),
        "</main></body></html>",
    ]
    return "\n".join(sections)
