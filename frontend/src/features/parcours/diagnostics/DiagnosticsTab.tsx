import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';

import type { Diagnostic, Parcours } from '../../../api/types';
import { domaineLabels } from '../../../i18n/labels';
import { diagnosticTitreLabels, etapeDiagnosticLabels, niveauLabels } from '../../../i18n/parcours';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { StatutBadge } from '../../../ui/StatutBadge';
import { DateFr } from '../components';
import { domainesAFreiner } from '../domain';
import { useDiagnostics, useFreinsDepuisDiagnostic } from '../useFreins';
import { diagnosticsCourants } from './draft';

export function DiagnosticsTab({ parcours }: { parcours: Parcours }) {
  const query = useDiagnostics(parcours.id);
  if (query.isPending) return <LoadingState label="Chargement des diagnostics…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const diagnostics = [...query.data].sort((a, b) => b.date.localeCompare(a.date));
  const courants = diagnosticsCourants(query.data);
  const remplaces = new Set(query.data.map((d) => d.remplace_id).filter((id): id is string => id !== null));
  const brouillon = (etape: Diagnostic['etape']) => query.data.find((d) => d.etape === etape && d.statut === 'brouillon');
  const aEntree = courants.some((d) => d.etape === 'entree');
  const aSortie = courants.some((d) => d.etape === 'sortie');
  const actif = parcours.statut === 'en_cours' || parcours.statut === 'suspendu';
  const base = `/parcours/${parcours.id}/diagnostics`;

  const lienEtape = (etape: Diagnostic['etape'], label: string) => {
    const draft = brouillon(etape);
    return (
      <Button component={Link} to={draft === undefined ? `${base}/nouveau?etape=${etape}` : `${base}/${draft.id}`} variant="filled">
        {draft === undefined ? label : `Reprendre le brouillon (${etapeDiagnosticLabels[etape].toLowerCase()})`}
      </Button>
    );
  };

  return (
    <Stack gap="md">
      <Title order={2}>Diagnostics</Title>
      <Group gap="sm">
        {!aEntree && parcours.statut !== 'clos' && lienEtape('entree', "Remplir le diagnostic d'entrée")}
        {aEntree && actif && lienEtape('suivi', 'Nouveau diagnostic de suivi')}
        {aEntree && actif && !aSortie && lienEtape('sortie', 'Remplir le diagnostic de sortie')}
      </Group>
      {diagnostics.length === 0 ? (
        <EmptyState title="Aucun diagnostic" description="Le diagnostic d'entrée évalue chaque domaine ; il est nécessaire pour démarrer le parcours." />
      ) : (
        <Stack gap="sm" component="ul" className="plain-list" aria-label="Diagnostics du parcours">
          {diagnostics.map((diagnostic) => (
            <DiagnosticCarte key={diagnostic.id} diagnostic={diagnostic} parcours={parcours} remplace={remplaces.has(diagnostic.id)} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function DiagnosticCarte({ diagnostic, parcours, remplace }: { diagnostic: Diagnostic; parcours: Parcours; remplace: boolean }) {
  const navigate = useNavigate();
  const creerFreins = useFreinsDepuisDiagnostic(parcours.id);
  const titreId = `diagnostic-${diagnostic.id}`;
  const proposes = domainesAFreiner(diagnostic.domaines);
  const peutFreiner =
    diagnostic.statut === 'valide' && !remplace && (diagnostic.etape === 'entree' || diagnostic.etape === 'suivi') && proposes.length > 0 && parcours.statut !== 'clos';
  return (
    <li className="caseload-card" aria-labelledby={titreId}>
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Title order={3} id={titreId}>
            {diagnosticTitreLabels[diagnostic.etape]} du <DateFr value={diagnostic.date} />
          </Title>
          <StatutBadge famille="diagnostic" statut={diagnostic.statut} />
          {remplace && <Text span fw={600}>Remplacé par une correction</Text>}
          {diagnostic.remplace_id !== null && <Text span>Version corrigée</Text>}
        </Group>
        <Text size="sm">
          {diagnostic.domaines
            .map((item) => `${domaineLabels[item.domaine]} : ${item.niveau == null ? 'non communiqué' : (niveauLabels[item.niveau as 0 | 1 | 2 | 3] ?? item.niveau)}`)
            .join(' · ')}
        </Text>
        <Group gap="sm">
          {diagnostic.statut === 'brouillon' && (
            <Button component={Link} to={`/parcours/${parcours.id}/diagnostics/${diagnostic.id}`} variant="outline">
              Reprendre le brouillon
            </Button>
          )}
          {diagnostic.statut === 'valide' && !remplace && parcours.statut !== 'clos' && (
            <Button component={Link} to={`/parcours/${parcours.id}/diagnostics/${diagnostic.id}?corriger=1`} variant="subtle">
              Corriger
            </Button>
          )}
          {peutFreiner && (
            <Button
              variant="outline"
              loading={creerFreins.isPending}
              onClick={() =>
                creerFreins.mutate(diagnostic.id, {
                  onSuccess: (freins) => {
                    notifications.show({
                      color: 'green',
                      title: freins.length === 0 ? 'Aucun nouveau frein' : `${freins.length} frein${freins.length > 1 ? 's' : ''} créé${freins.length > 1 ? 's' : ''}`,
                      message: freins.length === 0 ? 'Ces domaines ont déjà un frein ouvert.' : 'Ajoutez maintenant les actions.',
                    });
                    void navigate(`/parcours/${parcours.id}?onglet=freins`);
                  },
                })
              }
            >
              Créer les freins
            </Button>
          )}
        </Group>
      </Stack>
    </li>
  );
}
