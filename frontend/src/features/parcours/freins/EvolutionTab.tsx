import { Stack, Table, Text, Title } from '@mantine/core';

import type { EtatDomaine, EvolutionDomaine, Parcours } from '../../../api/types';
import { domaineLabels } from '../../../i18n/labels';
import { etapeDiagnosticLabels, niveauLabels } from '../../../i18n/parcours';
import { DataTable } from '../../../ui/DataTable';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { DateFr } from '../components';
import { type Comparaison, aComparer, comparer } from './evolution';
import { useEvolution } from '../useFreins';

function niveauTexte(niveau: number | null | undefined): string {
  if (niveau == null) return '—';
  return `${niveauLabels[niveau as 0 | 1 | 2 | 3] ?? niveau} (${niveau})`;
}

function Barre({ etat, classe, legende }: { etat: EtatDomaine | null; classe: 'entree' | 'actuel'; legende: string }) {
  const niveau = etat?.niveau ?? null;
  return (
    <div className={`evolution-bar ${classe}`}>
      <span className="evolution-label">
        {legende} : {niveau === null ? 'non évalué' : niveauLabels[niveau as 0 | 1 | 2 | 3]}
      </span>
      <span className="track">
        <span className="fill" style={{ width: niveau === null ? 0 : `${Math.max(3, (niveau / 3) * 100)}%` }} />
      </span>
    </div>
  );
}

function verdict(comparaison: Comparaison): string {
  switch (comparaison) {
    case 'ameliore':
      return 'Amélioré';
    case 'stable':
      return 'Stable';
    case 'degrade':
      return 'Dégradé';
    default:
      return 'À comparer plus tard';
  }
}

export function EvolutionTab({ parcours }: { parcours: Parcours }) {
  const query = useEvolution(parcours.id);
  if (query.isPending) return <LoadingState label="Chargement de l'évolution…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const domaines: EvolutionDomaine[] = query.data.domaines;
  const ameliores = domaines.filter((d) => comparer(d) === 'ameliore').length;
  return (
    <Stack gap="md">
      <Title order={2}>Évolution par domaine</Title>
      {!aComparer(domaines) ? (
        <EmptyState title="Rien à comparer pour l'instant" description="L'évolution compare le diagnostic d'entrée au plus récent (suivi ou sortie) : elle apparaît après un diagnostic de suivi." />
      ) : (
        <>
          <Text>
            Niveau de frein à l'entrée comparé au dernier diagnostic (de 0, pas de frein, à 3, bloquant) :{' '}
            <strong>
              {ameliores} domaine{ameliores > 1 ? 's' : ''} amélioré{ameliores > 1 ? 's' : ''}
            </strong>{' '}
            sur {domaines.length}.
          </Text>
          <div aria-hidden="true" className="evolution-chart">
            <Text size="sm">
              <span className="legend-swatch" style={{ background: '#9c4a00' }} />
              Entrée{' '}
              <span className="legend-swatch" style={{ background: '#1864ab' }} />
              Dernier diagnostic
            </Text>
            {domaines.map((domaine) => {
              const dernier = domaine.sortie ?? domaine.suivis[domaine.suivis.length - 1] ?? null;
              return (
                <div key={domaine.domaine} className="evolution-row">
                  <Text size="sm" fw={600}>
                    {domaineLabels[domaine.domaine]}
                  </Text>
                  <div className="evolution-bars">
                    <Barre etat={domaine.entree} classe="entree" legende="Entrée" />
                    <Barre etat={dernier} classe="actuel" legende={dernier === null ? 'Actuel' : etapeDiagnosticLabels[dernier.etape ?? 'suivi']} />
                  </div>
                </div>
              );
            })}
          </div>
          <DataTable caption="Évolution des niveaux de frein par domaine" minWidth={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Domaine</Table.Th>
                <Table.Th scope="col">Entrée</Table.Th>
                <Table.Th scope="col">Dernier diagnostic</Table.Th>
                <Table.Th scope="col">Évolution</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {domaines.map((domaine) => {
                const dernier = domaine.sortie ?? domaine.suivis[domaine.suivis.length - 1] ?? null;
                return (
                  <Table.Tr key={domaine.domaine} data-domaine={domaine.domaine}>
                    <Table.Th scope="row">{domaineLabels[domaine.domaine]}</Table.Th>
                    <Table.Td>{niveauTexte(domaine.entree?.niveau)}</Table.Td>
                    <Table.Td>
                      {niveauTexte(dernier?.niveau)}
                      {dernier !== null && dernier.date !== undefined && (
                        <Text size="xs">
                          {etapeDiagnosticLabels[dernier.etape ?? 'suivi']}, <DateFr value={dernier.date} />
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {verdict(comparer(domaine))}
                      {domaine.en_logement === true && <Text size="xs">En logement</Text>}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </DataTable>
        </>
      )}
    </Stack>
  );
}
