"""salaries and parcours

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 18:22:27.659892
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "salarie",
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.Column("chantier_id", sa.Uuid(), nullable=False),
        sa.Column("nom", sa.String(length=100), nullable=False),
        sa.Column("prenoms", sa.String(length=150), nullable=False),
        sa.Column("nom_usage", sa.String(length=100), nullable=True),
        sa.Column("date_naissance", sa.Date(), nullable=False),
        sa.Column(
            "sexe",
            sa.Enum(
                "femme",
                "homme",
                "autre",
                name="sexe",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("telephone", sa.String(length=20), nullable=True),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column("adresse", sa.String(length=250), nullable=True),
        sa.Column("domiciliation", sa.String(length=250), nullable=True),
        sa.Column("langues", sa.JSON(), nullable=False),
        sa.Column("recherche", sa.String(length=400), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chantier_id"],
            ["structure.id"],
            name=op.f("fk_salarie_chantier_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_salarie_territoire_id_territoire"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salarie")),
    )
    with op.batch_alter_table("salarie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salarie_chantier_id"), ["chantier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_salarie_recherche"), ["recherche"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_salarie_territoire_id"), ["territoire_id"], unique=False
        )

    op.create_table(
        "consentement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("salarie_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "notice_information",
                "partage_partenaire",
                "usage_evaluation",
                name="type_consentement",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("partenaire_id", sa.Uuid(), nullable=True),
        sa.Column("inclut_sante", sa.Boolean(), nullable=False),
        sa.Column("date_recueil", sa.Date(), nullable=False),
        sa.Column("recueilli_par", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoque_le", sa.Date(), nullable=True),
        sa.Column("revoque_par", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partenaire_id"],
            ["structure.id"],
            name=op.f("fk_consentement_partenaire_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["salarie_id"],
            ["salarie.id"],
            name=op.f("fk_consentement_salarie_id_salarie"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consentement")),
    )
    with op.batch_alter_table("consentement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consentement_salarie_id"), ["salarie_id"], unique=False
        )

    op.create_table(
        "parcours",
        sa.Column("salarie_id", sa.Uuid(), nullable=False),
        sa.Column("chantier_id", sa.Uuid(), nullable=False),
        sa.Column("referent_id", sa.Uuid(), nullable=True),
        sa.Column("date_entree", sa.Date(), nullable=False),
        sa.Column(
            "prescripteur",
            sa.Enum(
                "maraude",
                "accueil_de_jour",
                "siao",
                "spip",
                "france_travail",
                "autre",
                name="prescripteur",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("prescripteur_precision", sa.String(length=200), nullable=True),
        sa.Column("parcours_de_rue", sa.Boolean(), nullable=False),
        sa.Column("duree_rue_mois", sa.Integer(), nullable=True),
        sa.Column(
            "logement_entree",
            sa.Enum(
                "sans_abri",
                "squat",
                "habitat_de_fortune",
                "urgence_115",
                "chu",
                "hotel_social",
                "chrs",
                "cada",
                "cph",
                "heberge_chez_un_tiers",
                "residence_temporaire",
                "hopital",
                "prison",
                "foyer_de_soins",
                "pension_de_famille",
                "residence_sociale",
                "intermediation_locative",
                "locataire_parc_social",
                "locataire_parc_prive",
                "proprietaire",
                "inconnu",
                name="situation_logement",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "statut",
            sa.Enum(
                "accueil",
                "en_cours",
                "suspendu",
                "sorti",
                "clos",
                name="statut_parcours",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("justification_duree", sa.Text(), nullable=True),
        sa.Column("motif_suspension", sa.String(length=300), nullable=True),
        sa.Column("date_sortie", sa.Date(), nullable=True),
        sa.Column(
            "motif_sortie",
            sa.Enum(
                "cdi",
                "cdd_interim_6_mois_ou_plus",
                "titularisation_fonction_publique",
                "creation_reprise_entreprise",
                "cdd_interim_moins_6_mois",
                "contrat_aide_employeur_ordinaire",
                "formation_qualifiante",
                "embauche_autre_siae",
                "chomage",
                "inactif",
                "sans_nouvelle",
                "retraite",
                "rupture_faute_grave",
                "decision_administrative_ou_justice",
                "demenagement",
                "deces",
                "hospitalisation_longue",
                "transfert_employeur",
                "sortie_automatique",
                "duree_minimale_non_atteinte",
                name="motif_sortie",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "categorie_sortie",
            sa.Enum(
                "emploi_durable",
                "emploi_transition",
                "sortie_positive",
                "autre_sortie",
                "retrait",
                name="categorie_sortie",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "logement_sortie",
            sa.Enum(
                "sans_abri",
                "squat",
                "habitat_de_fortune",
                "urgence_115",
                "chu",
                "hotel_social",
                "chrs",
                "cada",
                "cph",
                "heberge_chez_un_tiers",
                "residence_temporaire",
                "hopital",
                "prison",
                "foyer_de_soins",
                "pension_de_famille",
                "residence_sociale",
                "intermediation_locative",
                "locataire_parc_social",
                "locataire_parc_prive",
                "proprietaire",
                "inconnu",
                name="situation_logement_sortie",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("employeur_sortie", sa.String(length=200), nullable=True),
        sa.Column("contrat_sortie", sa.String(length=100), nullable=True),
        sa.Column("date_cloture", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chantier_id"],
            ["structure.id"],
            name=op.f("fk_parcours_chantier_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["referent_id"],
            ["user_account.id"],
            name=op.f("fk_parcours_referent_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["salarie_id"],
            ["salarie.id"],
            name=op.f("fk_parcours_salarie_id_salarie"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcours")),
    )
    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parcours_chantier_id"), ["chantier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_parcours_referent_id"), ["referent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_parcours_salarie_id"), ["salarie_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_parcours_statut"), ["statut"], unique=False)
        batch_op.create_index(
            "uq_parcours_ouvert_par_salarie",
            ["salarie_id"],
            unique=True,
            postgresql_where=sa.text("statut <> 'clos'"),
            sqlite_where=sa.text("statut <> 'clos'"),
        )

    op.create_table(
        "referent_externe",
        sa.Column("salarie_id", sa.Uuid(), nullable=False),
        sa.Column("nom", sa.String(length=150), nullable=False),
        sa.Column("structure_id", sa.Uuid(), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column(
            "fonction",
            sa.Enum(
                "assistant_social",
                "spip",
                "referent_rsa",
                "educateur",
                "equipe_de_rue",
                "medecin",
                "autre",
                name="fonction_referent",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("telephone", sa.String(length=20), nullable=True),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column("depuis", sa.Date(), nullable=True),
        sa.Column("jusqu_a", sa.Date(), nullable=True),
        sa.Column("commentaire", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["salarie_id"],
            ["salarie.id"],
            name=op.f("fk_referent_externe_salarie_id_salarie"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_referent_externe_structure_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referent_externe")),
    )
    with op.batch_alter_table("referent_externe", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referent_externe_salarie_id"), ["salarie_id"], unique=False
        )

    op.create_table(
        "contrat",
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "cddi_convergence",
                "cddi",
                name="type_contrat",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("date_debut", sa.Date(), nullable=False),
        sa.Column("date_fin", sa.Date(), nullable=False),
        sa.Column("heures_hebdo", sa.Numeric(precision=4, scale=1), nullable=False),
        sa.Column("renouvellement_de", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_contrat_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["renouvellement_de"],
            ["contrat.id"],
            name=op.f("fk_contrat_renouvellement_de_contrat"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contrat")),
    )
    with op.batch_alter_table("contrat", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contrat_date_fin"), ["date_fin"], unique=False)
        batch_op.create_index(batch_op.f("ix_contrat_parcours_id"), ["parcours_id"], unique=False)

    op.create_table(
        "journal_entree",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "entretien",
                "note",
                "synthese",
                "transition",
                "contrat",
                "sortie",
                "suivi",
                name="type_journal",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("auteur_id", sa.Uuid(), nullable=True),
        sa.Column("titre", sa.String(length=200), nullable=False),
        sa.Column("texte", sa.Text(), nullable=True),
        sa.Column(
            "confidentialite",
            sa.Enum(
                "normale",
                "restreint",
                name="confidentialite",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_journal_entree_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entree")),
    )
    with op.batch_alter_table("journal_entree", schema=None) as batch_op:
        batch_op.create_index(
            "ix_journal_parcours_date", ["parcours_id", "date", "id"], unique=False
        )

    op.create_table(
        "suivi_post_sortie",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column("echeance_mois", sa.Integer(), nullable=False),
        sa.Column("date_prevue", sa.Date(), nullable=False),
        sa.Column("date_realisee", sa.Date(), nullable=True),
        sa.Column(
            "resultat",
            sa.Enum(
                "joint",
                "non_joint",
                name="resultat_suivi",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("en_emploi", sa.Boolean(), nullable=True),
        sa.Column("type_contrat", sa.String(length=100), nullable=True),
        sa.Column(
            "groupe_logement",
            sa.Enum(
                "rue",
                "urgence",
                "insertion",
                "temporaire",
                "institution",
                "logement_adapte",
                "logement_autonome",
                "inconnu",
                name="groupe_logement",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("commentaire", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_suivi_post_sortie_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suivi_post_sortie")),
    )
    with op.batch_alter_table("suivi_post_sortie", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suivi_post_sortie_date_prevue"), ["date_prevue"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_suivi_post_sortie_parcours_id"), ["parcours_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suivi_post_sortie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suivi_post_sortie_parcours_id"))
        batch_op.drop_index(batch_op.f("ix_suivi_post_sortie_date_prevue"))

    op.drop_table("suivi_post_sortie")
    with op.batch_alter_table("journal_entree", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_parcours_date")

    op.drop_table("journal_entree")
    with op.batch_alter_table("contrat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contrat_parcours_id"))
        batch_op.drop_index(batch_op.f("ix_contrat_date_fin"))

    op.drop_table("contrat")
    with op.batch_alter_table("referent_externe", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referent_externe_salarie_id"))

    op.drop_table("referent_externe")
    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_parcours_ouvert_par_salarie",
            postgresql_where=sa.text("statut <> 'clos'"),
            sqlite_where=sa.text("statut <> 'clos'"),
        )
        batch_op.drop_index(batch_op.f("ix_parcours_statut"))
        batch_op.drop_index(batch_op.f("ix_parcours_salarie_id"))
        batch_op.drop_index(batch_op.f("ix_parcours_referent_id"))
        batch_op.drop_index(batch_op.f("ix_parcours_chantier_id"))

    op.drop_table("parcours")
    with op.batch_alter_table("consentement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consentement_salarie_id"))

    op.drop_table("consentement")
    with op.batch_alter_table("salarie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salarie_territoire_id"))
        batch_op.drop_index(batch_op.f("ix_salarie_recherche"))
        batch_op.drop_index(batch_op.f("ix_salarie_chantier_id"))

    op.drop_table("salarie")
