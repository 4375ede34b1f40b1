import { Alert, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ChangeEvent, type ReactNode, useEffect } from 'react';
import { useSearchParams } from 'react-router';

import type { Cellule, CodeIndicateur, Moi } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { can, inChantier } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { codeIndicateurLabels } from '../../i18n/indicateurs';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { DEFINITIONS_COURTES, TEXTE_SECRET } from './definitions';
import {
  anneeParDefaut,
  anneesProposees,
  type Comparaison,
  comparaisonPour,
  libellePeriode,
  lireFiltres,
  type ModePeriode,
  PARAMS_INDICATEURS,
  type ParamIndicateurs,
  peutComparerTerritoires,
  requeteIndicateurs,
  requeteTendance,
} from './filtres';
import { CODES_BROCHURE, CODES_GRAPHIQUE, formatTaux, indicateurDe } from './format';
import { BarresHorizontales, ColonnesAnnees, type PointGraphique } from './Graphiques';
import './indicateurs.css';
import { Telechargements, type ExportPropose } from './Telechargements';
import { ChiffresCles, Durees, Orientations, TableauCellules, TableauSorties, TableauSuivis } from './Tableaux';
import { adresseExport } from './telechargement';
import { useChantiers, useIndicateurs } from './useIndicateurs';

/** The filters in the address; several parameters change at once (a new territoire drops the chantier). */
function useFiltresUrl() {
  const [searchParams, setSearchParams] = useSearchParams();
  const values = Object.fromEntries(PARAMS_INDICATEURS.map((name) => [name, searchParams.get(name) ?? ''])) as Record<ParamIndicateurs, string>;
  const changer = (patch: Partial<Record<ParamIndicateurs, string>>, options: { replace?: boolean } = {}) =>
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [name, value] of Object.entries(patch)) {
          if (value === undefined || value === '') next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: options.replace ?? false },
    );
  return { values, changer };
}

/** The one territoire the reader's perimeter is limited to, if any. */
function territoireUnique(moi: Moi): string | null {
  if (moi.perimetre.national || inChantier(moi.role)) return null;
  return moi.perimetre.territoire_ids.length === 1 ? (moi.perimetre.territoire_ids[0] ?? null) : null;
}

function Section({
  id,
  titre,
  children,
  description,
  busy,
}: {
  id: string;
  titre: string;
  children: ReactNode;
  description?: ReactNode;
  busy?: boolean;
}) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id} aria-busy={busy === true ? true : undefined}>
      <Title order={2} id={id}>
        {titre}
      </Title>
      {description !== undefined && <Text>{description}</Text>}
      {children}
    </Stack>
  );
}

/** Whether the secret hides the whole cell (a total no published figure covers). */
function entierementMasque(cellule: Cellule): boolean {
  return cellule.indicateurs.every((indicateur) => indicateur.numerateur === null);
}

function points(cellules: readonly Cellule[], code: CodeIndicateur, choisie?: string): PointGraphique[] {
  return cellules.map((cellule) => {
    const indicateur = indicateurDe(cellule, code);
    return {
      cle: cellule.cle ?? cellule.libelle,
      libelle: cellule.libelle,
      valeur: indicateur.taux,
      texte: formatTaux(indicateur),
      choisi: choisie !== undefined && cellule.cle === choisie,
    };
  });
}

/** Indicators of the brochure, then the chart's when it is another one. */
function codesDesTableaux(indicateur: CodeIndicateur): CodeIndicateur[] {
  return (CODES_BROCHURE as readonly CodeIndicateur[]).includes(indicateur) ? [...CODES_BROCHURE] : [...CODES_BROCHURE, indicateur];
}

export function IndicateursPage() {
  usePageTitle('Indicateurs');
  const moi = useMoi();
  // Without exact figures, the API masks small counts and wants one year at a time.
  const masque = !can(moi, 'indicateurs:exact');
  const { values, changer } = useFiltresUrl();
  const filtres = lireFiltres(values, { masque });

  const tendance = useIndicateurs(requeteTendance(filtres));
  const aDefinir = filtres.mode !== 'toutes' && filtres.annee === null;
  // The address names no year: choose one once the years with exits are known, and write it there.
  const anneeDefaut = tendance.isPending ? null : anneeParDefaut(tendance.data?.groupes);
  useEffect(() => {
    if (aDefinir && anneeDefaut !== null) changer({ annee: String(anneeDefaut) }, { replace: true });
    // `changer` is a new function at each render: the effect follows the year only.
  }, [aDefinir, anneeDefaut]);

  const pret = !aDefinir;
  const comparaison = comparaisonPour(moi, filtres);
  const principale = useIndicateurs(pret ? requeteIndicateurs(filtres, filtres.annee) : null);
  const comparee = useIndicateurs(pret && comparaison !== null ? requeteIndicateurs(filtres, filtres.annee, comparaison) : null);

  // Pickers: the territoires and chantiers of the reader's perimeter.
  const territoires = useTousTerritoires({ enabled: !inChantier(moi.role) });
  const choixTerritoires = (territoires.data ?? []).filter(
    (territoire) => moi.perimetre.national || moi.perimetre.territoire_ids.includes(territoire.id),
  );
  const territoireCourant = filtres.territoire ?? territoireUnique(moi);
  const parDirection = inChantier(moi.role);
  const chantiers = useChantiers(parDirection ? null : territoireCourant, { enabled: parDirection || territoireCourant !== null });
  const choixChantiers = (chantiers.data ?? []).filter((chantier) => !parDirection || moi.perimetre.chantier_ids.includes(chantier.id));

  const nomTerritoire = (id: string | null) => choixTerritoires.find((territoire) => territoire.id === id)?.nom;
  const nomChantier = choixChantiers.find((chantier) => chantier.id === filtres.chantier)?.nom;
  const perimetre =
    nomChantier ??
    (filtres.chantier !== undefined ? 'Chantier choisi' : undefined) ??
    nomTerritoire(territoireCourant) ??
    (moi.perimetre.national ? 'National' : parDirection ? moi.structure_nom : 'Vos territoires');
  const periode = libellePeriode(filtres.mode, filtres.annee);
  const codes = codesDesTableaux(filtres.indicateur);

  const modes: { value: ModePeriode; label: string }[] = [
    { value: 'sortie', label: 'Année de sortie' },
    { value: 'cohorte', label: "Cohorte d'entrée" },
    ...(masque ? [] : [{ value: 'toutes' as const, label: 'Toutes les années' }]),
  ];
  const annees = anneesProposees(tendance.data?.groupes, new Date(), filtres.annee);

  const exports: ExportPropose[] = [];
  if (pret) {
    const query = requeteIndicateurs(filtres, filtres.annee, comparaison ?? undefined);
    exports.push(
      { cle: 'indicateurs.csv', libelle: 'Indicateurs (CSV)', adresse: adresseExport('/api/v1/exports/indicateurs.csv', { ...query }), nomParDefaut: 'indicateurs.csv', format: 'csv' },
      { cle: 'indicateurs.xlsx', libelle: 'Indicateurs (Excel)', adresse: adresseExport('/api/v1/exports/indicateurs.xlsx', { ...query }), nomParDefaut: 'indicateurs.xlsx', format: 'xlsx' },
    );
    if (can(moi, 'exports:parcours')) {
      exports.push({
        cle: 'parcours.csv',
        libelle: 'Liste des parcours (CSV)',
        adresse: adresseExport('/api/v1/exports/parcours.csv', { territoire: filtres.territoire, chantier: filtres.chantier }),
        nomParDefaut: 'parcours.csv',
        format: 'csv',
      });
    }
  }

  const onSelect = (name: ParamIndicateurs, reset: Partial<Record<ParamIndicateurs, string>> = {}) => (event: ChangeEvent<HTMLSelectElement>) =>
    changer({ ...reset, [name]: event.currentTarget.value });

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <PageHeading>Indicateurs</PageHeading>
        <Text size="lg" data-testid="perimetre-periode">
          {perimetre} · {periode}
        </Text>
      </Stack>

      <form role="search" aria-label="Choisir le périmètre et la période" onSubmit={(event) => event.preventDefault()}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <NativeSelect
            label="Période"
            data={modes}
            value={filtres.mode}
            onChange={(event) => changer({ periode: event.currentTarget.value === 'sortie' ? '' : event.currentTarget.value })}
          />
          {filtres.mode !== 'toutes' && (
            <NativeSelect
              label={filtres.mode === 'cohorte' ? "Année d'entrée" : 'Année de sortie'}
              data={annees.map((year) => String(year))}
              value={filtres.annee === null ? '' : String(filtres.annee)}
              onChange={onSelect('annee')}
              disabled={filtres.annee === null}
            />
          )}
          {!parDirection && choixTerritoires.length > 1 && (
            <NativeSelect
              label="Territoire"
              data={[
                { value: '', label: moi.perimetre.national ? 'Tous les territoires (national)' : 'Tous mes territoires' },
                ...choixTerritoires.map((territoire) => ({ value: territoire.id, label: territoire.nom })),
              ]}
              value={filtres.territoire ?? ''}
              onChange={onSelect('territoire', { chantier: '', comparer: '' })}
            />
          )}
          {choixChantiers.length > (parDirection ? 1 : 0) && (
            <NativeSelect
              label="Chantier"
              data={[{ value: '', label: 'Tous les chantiers' }, ...choixChantiers.map((chantier) => ({ value: chantier.id, label: chantier.nom }))]}
              value={filtres.chantier ?? ''}
              onChange={onSelect('chantier')}
            />
          )}
          {peutComparerTerritoires(moi, filtres) && (
            <NativeSelect
              label="Comparer"
              data={[
                { value: 'territoire', label: 'Les territoires' },
                { value: 'chantier', label: 'Les chantiers' },
              ]}
              value={comparaison ?? 'territoire'}
              onChange={(event) => changer({ comparer: event.currentTarget.value === 'territoire' ? '' : event.currentTarget.value })}
            />
          )}
          <NativeSelect
            label="Indicateur des graphiques"
            data={CODES_GRAPHIQUE.map((code) => ({ value: code, label: codeIndicateurLabels[code] }))}
            value={filtres.indicateur}
            onChange={(event) => changer({ indicateur: event.currentTarget.value === 'sorties_dynamiques' ? '' : event.currentTarget.value })}
          />
        </SimpleGrid>
      </form>

      {masque && (
        <Alert variant="light" color="blue" title="Secret statistique" data-testid="legende-secret">
          {TEXTE_SECRET}
        </Alert>
      )}

      {!pret || principale.isPending ? (
        <LoadingState label="Calcul des indicateurs…" />
      ) : principale.isError ? (
        <ErrorState error={principale.error} onRetry={() => void principale.refetch()} />
      ) : (
        <ChiffresDuPerimetre total={principale.data.total} periode={periode} masque={principale.data.masquage} rechargement={principale.isFetching} />
      )}

      <Section id="tendance-titre" titre="Évolution par année de sortie">
        {tendance.isPending ? (
          <LoadingState label="Calcul de l’évolution…" />
        ) : tendance.isError ? (
          <ErrorState error={tendance.error} onRetry={() => void tendance.refetch()} />
        ) : (
          <>
            <ColonnesAnnees
              titre={`${codeIndicateurLabels[filtres.indicateur]} par année de sortie, ${perimetre}`}
              points={points(tendance.data.groupes, filtres.indicateur, filtres.mode === 'sortie' && filtres.annee !== null ? String(filtres.annee) : undefined)}
            />
            {tendance.data.groupes.length > 0 && (
              <TableauCellules caption={`Indicateurs par année de sortie, ${perimetre}`} premiereColonne="Année de sortie" cellules={tendance.data.groupes} codes={codes} />
            )}
          </>
        )}
      </Section>

      {comparaison !== null && (
        <Comparer comparaison={comparaison} requete={comparee} indicateur={filtres.indicateur} codes={codes} periode={periode} />
      )}

      {principale.isSuccess && aAfficher(principale.data.total, principale.data.masquage) && (
        <Detail total={principale.data.total} rechargement={principale.isFetching} />
      )}

      {exports.length > 0 && (
        <Section id="exports-titre" titre="Télécharger" description={`Les indicateurs du périmètre et de la période choisis (${perimetre} · ${periode}), avec leurs définitions.`}>
          <Telechargements exports={exports} />
          {can(moi, 'exports:parcours') && (
            <Text size="sm">La liste des parcours est nominative : conservez-la dans un espace protégé et ne la transmettez pas.</Text>
          )}
        </Section>
      )}

      <Section id="definitions-titre" titre="Définitions">
        <Stack gap="xs" component="dl" m={0}>
          {DEFINITIONS_COURTES.map((definition) => (
            <div key={definition.code}>
              <Text component="dt" fw={600}>
                {codeIndicateurLabels[definition.code]}
              </Text>
              <Text component="dd" ms={0}>
                {definition.texte}
              </Text>
            </div>
          ))}
        </Stack>
      </Section>
    </Stack>
  );
}

/** Whether the total has figures to show (some exits, not wholly hidden). */
function aAfficher(total: Cellule, masque: boolean): boolean {
  return !(masque && entierementMasque(total)) && indicateurDe(total, 'effectif').numerateur !== 0;
}

/** The brochure's headline for the selected scope and period. */
function ChiffresDuPerimetre({ total, periode, masque, rechargement }: { total: Cellule; periode: string; masque: boolean; rechargement: boolean }) {
  if (masque && entierementMasque(total)) {
    return (
      <Alert variant="light" color="blue" title="Choisissez un territoire" role="status">
        Sous secret statistique, les chiffres sont donnés territoire par territoire : choisissez l’un de vos territoires ci-dessus, ou
        consultez la comparaison plus bas.
      </Alert>
    );
  }
  if (indicateurDe(total, 'effectif').numerateur === 0) {
    return (
      <EmptyState
        title={`Aucun parcours pour cette période (${periode.toLowerCase()})`}
        description="Choisissez une autre année ci-dessus : l’évolution par année montre celles qui ont des sorties."
      />
    );
  }
  return (
    <Section id="chiffres-titre" titre="Chiffres clés" busy={rechargement}>
      <ChiffresCles cellule={total} />
    </Section>
  );
}

/** The breakdowns of the selected scope and period. */
function Detail({ total, rechargement }: { total: Cellule; rechargement: boolean }) {
  return (
    <>
      <Section id="sorties-titre" titre="Sorties par catégorie et motif" busy={rechargement}>
        <TableauSorties cellule={total} />
      </Section>
      <Section id="orientations-titre" titre="Orientations vers les partenaires" busy={rechargement}>
        <Orientations cellule={total} />
      </Section>
      <Section id="durees-titre" titre="Durée des parcours" busy={rechargement}>
        <Durees cellule={total} />
      </Section>
      <Section id="suivis-titre" titre="Suivi après la sortie" busy={rechargement}>
        <TableauSuivis cellule={total} />
      </Section>
    </>
  );
}

function Comparer({
  comparaison,
  requete,
  indicateur,
  codes,
  periode,
}: {
  comparaison: Comparaison;
  requete: ReturnType<typeof useIndicateurs>;
  indicateur: CodeIndicateur;
  codes: CodeIndicateur[];
  periode: string;
}) {
  const quoi = comparaison === 'territoire' ? 'territoires' : 'chantiers';
  const premiereColonne = comparaison === 'territoire' ? 'Territoire' : 'Chantier';
  if (requete.isSuccess && requete.data.groupes.length < 2) return null;
  return (
    <Section id="comparaison-titre" titre={`Comparaison des ${quoi}`} description={periode}>
      {requete.isPending ? (
        <LoadingState label="Calcul de la comparaison…" />
      ) : requete.isError ? (
        <ErrorState error={requete.error} onRetry={() => void requete.refetch()} />
      ) : (
        <>
          <BarresHorizontales titre={`${codeIndicateurLabels[indicateur]} par ${comparaison === 'territoire' ? 'territoire' : 'chantier'}, ${periode}`} points={points(requete.data.groupes, indicateur)} />
          <TableauCellules caption={`Indicateurs par ${comparaison === 'territoire' ? 'territoire' : 'chantier'}, ${periode}`} premiereColonne={premiereColonne} cellules={requete.data.groupes} codes={codes} />
        </>
      )}
    </Section>
  );
}

