/**
 * The figures of the indicators page: the brochure's headline, tables of
 * cells (years, territoires, chantiers) and the breakdowns of one cell.
 * Hidden counts read the small-count label or "masqué" (hidden in complement), rates that can't be given "—".
 */
import { Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Fragment, useId } from 'react';

import type { CategorieSortie, Cellule, CodeIndicateur, Indicateur } from '../../api/types';
import { codeIndicateurLabels } from '../../i18n/indicateurs';
import { domaineLabels } from '../../i18n/labels';
import { categorieSortieLabels, motifSortieLabels } from '../../i18n/parcours';
import { DataTable } from '../../ui/DataTable';
import {
  CODES_BROCHURE,
  formatCompte,
  formatFraction,
  formatJours,
  formatMois,
  formatNumerateur,
  formatPart,
  formatTaux,
  indicateurDe,
} from './format';

/** What the denominator counts, written after the fraction. */
function unite(code: CodeIndicateur): string {
  return code === 'public_rue' ? 'parcours' : 'sorties';
}

/** One big figure of the headline: the rate, and numerator / denominator under it. */
function ChiffreCle({ indicateur }: { indicateur: Indicateur }) {
  const id = useId();
  return (
    <Paper component="article" withBorder p="md" radius="md" aria-labelledby={id} data-indicateur={indicateur.code}>
      <Stack gap={4}>
        <Text id={id} fw={600}>
          {codeIndicateurLabels[indicateur.code]}
        </Text>
        <Text className="chiffre-cle" data-role="taux">
          {formatTaux(indicateur)}
          {indicateur.masque && indicateur.taux === null && (
            <Text span size="sm" fw={400} ms="xs">
              (secret statistique)
            </Text>
          )}
        </Text>
        <Text size="sm" c="dimmed" data-role="fraction">
          {formatFraction(indicateur)} {unite(indicateur.code)}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The brochure's table: public rue, sorties dynamiques, en logement, santé, droits. */
export function ChiffresCles({ cellule }: { cellule: Cellule }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm">
      {CODES_BROCHURE.map((code) => (
        <ChiffreCle key={code} indicateur={indicateurDe(cellule, code)} />
      ))}
    </SimpleGrid>
  );
}

/** A rate and its fraction, in one table cell. */
function CelluleTaux({ indicateur }: { indicateur: Indicateur }) {
  return (
    <Table.Td ta="right">
      <Text span fw={600}>
        {formatTaux(indicateur)}
      </Text>
      <Text size="sm" c="dimmed">
        {formatFraction(indicateur)}
      </Text>
    </Table.Td>
  );
}

/** Years, territoires or chantiers in rows; the parcours and the chosen indicators in columns. */
export function TableauCellules({
  caption,
  premiereColonne,
  cellules,
  codes,
}: {
  caption: string;
  premiereColonne: string;
  cellules: readonly Cellule[];
  codes: readonly CodeIndicateur[];
}) {
  return (
    <DataTable caption={caption} minWidth={180 + codes.length * 130}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{premiereColonne}</Table.Th>
          <Table.Th scope="col" ta="right">
            Parcours
          </Table.Th>
          {codes.map((code) => (
            <Table.Th key={code} scope="col" ta="right">
              {codeIndicateurLabels[code]}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {cellules.map((cellule) => (
          <Table.Tr key={cellule.cle ?? cellule.libelle}>
            <Table.Th scope="row">{cellule.libelle}</Table.Th>
            <Table.Td ta="right">{formatNumerateur(indicateurDe(cellule, 'effectif'))}</Table.Td>
            {codes.map((code) => (
              <CelluleTaux key={code} indicateur={indicateurDe(cellule, code)} />
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

const CATEGORIES: readonly Exclude<CategorieSortie, 'retrait'>[] = ['emploi_durable', 'emploi_transition', 'sortie_positive', 'autre_sortie'];

/** Exits by category (with its share of counted exits), then by motif. */
export function TableauSorties({ cellule }: { cellule: Cellule }) {
  const sorties = indicateurDe(cellule, 'sorties');
  const dynamiques = indicateurDe(cellule, 'sorties_dynamiques');
  return (
    <DataTable caption="Nombre et part des sorties par catégorie et motif" minWidth={460}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Catégorie et motif de sortie</Table.Th>
          <Table.Th scope="col" ta="right">
            Sorties
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Part des sorties comptées
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {CATEGORIES.map((categorie) => {
          const total = indicateurDe(cellule, categorie);
          const motifs = cellule.sorties_par_motif.filter((ligne) => ligne.categorie === categorie && ligne.nombre !== 0);
          return (
            <Fragment key={categorie}>
              <Table.Tr>
                <Table.Th scope="row">{categorieSortieLabels[categorie]}</Table.Th>
                <Table.Td ta="right" fw={600}>
                  {formatNumerateur(total)}
                </Table.Td>
                <Table.Td ta="right" fw={600}>
                  {formatTaux(total)}
                </Table.Td>
              </Table.Tr>
              {motifs.map((ligne) => (
                <Table.Tr key={ligne.motif}>
                  <Table.Th scope="row" fw={400} pl="xl">
                    {motifSortieLabels[ligne.motif]}
                  </Table.Th>
                  <Table.Td ta="right">{formatCompte(ligne.nombre, ligne.masque, ligne.masquage)}</Table.Td>
                  <Table.Td ta="right">{formatPart(ligne.nombre, sorties.numerateur)}</Table.Td>
                </Table.Tr>
              ))}
            </Fragment>
          );
        })}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th scope="row">Dont sorties dynamiques</Table.Th>
          <Table.Td ta="right">{formatNumerateur(dynamiques)}</Table.Td>
          <Table.Td ta="right">{formatTaux(dynamiques)}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row">Sorties comptées</Table.Th>
          <Table.Td ta="right">{formatNumerateur(sorties)}</Table.Td>
          <Table.Td ta="right">{formatPart(sorties.numerateur, sorties.numerateur)}</Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </DataTable>
  );
}

/** A labelled figure (used for orientations and lengths). */
function Chiffre({ libelle, valeur, detail }: { libelle: string; valeur: string; detail?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="sm">{libelle}</Text>
      <Text fw={700} fz="xl">
        {valeur}
      </Text>
      {detail !== undefined && (
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      )}
    </Paper>
  );
}

/** Orientations to partners: answer and acceptance rates, mean delay, then by domaine. */
export function Orientations({ cellule }: { cellule: Cellule }) {
  const envoyees = indicateurDe(cellule, 'orientations');
  const repondues = indicateurDe(cellule, 'orientations_repondues');
  const acceptees = indicateurDe(cellule, 'orientations_acceptees');
  const domaines = cellule.orientations_par_domaine.filter((ligne) => ligne.nombre !== 0);
  if (envoyees.numerateur === 0) {
    return <Text>Aucune orientation n’a été envoyée à un partenaire pour ces parcours.</Text>;
  }
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <Chiffre libelle="Orientations envoyées" valeur={formatNumerateur(envoyees)} />
        <Chiffre libelle="Taux de réponse" valeur={formatTaux(repondues)} detail={`${formatFraction(repondues)} orientations`} />
        <Chiffre libelle="Taux d’acceptation (parmi les réponses)" valeur={formatTaux(acceptees)} detail={`${formatFraction(acceptees)} réponses`} />
        <Chiffre libelle="Délai moyen de première réponse" valeur={formatJours(cellule.delai_reponse_moyen_jours)} />
      </SimpleGrid>
      {domaines.length > 0 && (
        <DataTable caption="Orientations par domaine" minWidth={320}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Domaine</Table.Th>
              <Table.Th scope="col" ta="right">
                Orientations
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Part
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {domaines.map((ligne) => (
              <Table.Tr key={ligne.domaine}>
                <Table.Th scope="row" fw={400}>
                  {domaineLabels[ligne.domaine]}
                </Table.Th>
                <Table.Td ta="right">{formatCompte(ligne.nombre, ligne.masque, ligne.masquage)}</Table.Td>
                <Table.Td ta="right">{formatPart(ligne.nombre, envoyees.numerateur)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}

/** Mean and median length of the parcours that exited. */
export function Durees({ cellule }: { cellule: Cellule }) {
  const sorties = indicateurDe(cellule, 'sorties');
  const sur = `sur ${formatNumerateur(sorties)} ${sorties.numerateur === 1 ? 'sortie comptée' : 'sorties comptées'}`;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={560}>
      <Chiffre libelle="Durée moyenne" valeur={formatMois(cellule.duree_moyenne_mois)} detail={sur} />
      <Chiffre libelle="Durée médiane" valeur={formatMois(cellule.duree_mediane_mois)} detail={sur} />
    </SimpleGrid>
  );
}

/** Post-exit check-ins at 6 and 12 months: due, held, in a job, housed. */
export function TableauSuivis({ cellule }: { cellule: Cellule }) {
  const lignes = [
    { libelle: 'À 6 mois', prefixe: 'suivi6' },
    { libelle: 'À 12 mois', prefixe: 'suivi12' },
  ] as const;
  return (
    <DataTable caption="Suivi après la sortie, à 6 et 12 mois" minWidth={620}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Échéance</Table.Th>
          <Table.Th scope="col" ta="right">
            Suivis échus <Text span size="sm" fw={400}>(part des sorties)</Text>
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Tenus <Text span size="sm" fw={400}>(part des échus)</Text>
          </Table.Th>
          <Table.Th scope="col" ta="right">
            En emploi <Text span size="sm" fw={400}>(part des tenus)</Text>
          </Table.Th>
          <Table.Th scope="col" ta="right">
            En logement <Text span size="sm" fw={400}>(part des tenus)</Text>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lignes.map(({ libelle, prefixe }) => (
          <Table.Tr key={prefixe}>
            <Table.Th scope="row">{libelle}</Table.Th>
            {(['prevus', 'tenus', 'emploi', 'logement'] as const).map((suffixe) => (
              <CelluleTaux key={suffixe} indicateur={indicateurDe(cellule, `${prefixe}_${suffixe}`)} />
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}
