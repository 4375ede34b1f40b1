import { Button, Group, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';

import type { Contrat, Parcours, TypeContrat } from '../../../api/types';
import { typeContratLabels } from '../../../i18n/parcours';
import { DataTable } from '../../../ui/DataTable';
import { EmptyState } from '../../../ui/EmptyState';
import { formatDate, formatNumber } from '../../../ui/formatters';
import { DateFr, optionsOf } from '../components';
import { aujourdhui, DUREE_NORME_MOIS, joursEntre } from '../domain';
import { FormAlert, orNull, useFormFeedback } from '../forms';
import { useAjouterContrat } from '../useParcours';

function lendemain(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function heures(value: string): string {
  const number = Number(value);
  return Number.isFinite(number) ? `${formatNumber(number)} h` : value;
}

export function ContratsTab({ parcours, ecrit }: { parcours: Parcours; ecrit: boolean }) {
  const [formulaire, setFormulaire] = useState<{ renouvellement: Contrat | null } | null>(null);
  const contrats = [...parcours.contrats].sort((a, b) => a.date_debut.localeCompare(b.date_debut));
  const ouvert = parcours.statut === 'accueil' || parcours.statut === 'en_cours' || parcours.statut === 'suspendu';
  const dernier = contrats[contrats.length - 1] ?? null;
  const today = aujourdhui();

  return (
    <Stack gap="md">
      <Title order={2}>Contrats</Title>
      {contrats.length === 0 ? (
        <EmptyState title="Aucun contrat pour le moment" description={ecrit && ouvert ? 'Ajoutez le premier CDD-I de la personne.' : undefined} />
      ) : (
        <DataTable caption="Contrats du parcours" minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Début</Table.Th>
              <Table.Th scope="col">Fin</Table.Th>
              <Table.Th scope="col">Heures par semaine</Table.Th>
              <Table.Th scope="col">Renouvellement</Table.Th>
              {ecrit && ouvert && <Table.Th scope="col">Action</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contrats.map((contrat) => {
              const finProche = contrat.date_fin >= today && joursEntre(today, contrat.date_fin) <= 30;
              return (
                <Table.Tr key={contrat.id}>
                  <Table.Th scope="row">{typeContratLabels[contrat.type]}</Table.Th>
                  <Table.Td>
                    <DateFr value={contrat.date_debut} />
                  </Table.Td>
                  <Table.Td>
                    <DateFr value={contrat.date_fin} />
                    {finProche && <Text size="sm" fw={600}>Fin dans moins de 30 jours</Text>}
                  </Table.Td>
                  <Table.Td>{heures(contrat.heures_hebdo)}</Table.Td>
                  <Table.Td>{contrat.renouvellement_de === null ? 'Premier contrat' : 'Oui'}</Table.Td>
                  {ecrit && ouvert && (
                    <Table.Td>
                      {contrat.id === dernier?.id && (
                        <Button variant="subtle" onClick={() => setFormulaire({ renouvellement: contrat })}>
                          Renouveler
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </DataTable>
      )}
      {ecrit && ouvert && formulaire === null && (
        <div>
          <Button variant="outline" onClick={() => setFormulaire({ renouvellement: null })}>
            Ajouter un contrat
          </Button>
        </div>
      )}
      {formulaire !== null && (
        <ContratForm
          key={formulaire.renouvellement?.id ?? 'nouveau'}
          parcours={parcours}
          renouvellement={formulaire.renouvellement}
          defaultDebut={dernier === null ? parcours.date_entree : lendemain(dernier.date_fin)}
          onDone={() => setFormulaire(null)}
        />
      )}
    </Stack>
  );
}

function ContratForm({
  parcours,
  renouvellement,
  defaultDebut,
  onDone,
}: {
  parcours: Parcours;
  renouvellement: Contrat | null;
  defaultDebut: string;
  onDone: () => void;
}) {
  const ajouter = useAjouterContrat(parcours.id);
  const feedback = useFormFeedback();
  const [type, setType] = useState<TypeContrat>(renouvellement?.type ?? 'cddi_convergence');
  const [debut, setDebut] = useState(renouvellement === null ? defaultDebut : lendemain(renouvellement.date_fin));
  const [fin, setFin] = useState('');
  const [heuresHebdo, setHeuresHebdo] = useState<number | string>(renouvellement === null ? '' : Number(renouvellement.heures_hebdo));
  const [justification, setJustification] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    const missing: Record<string, string> = {};
    if (debut === '') missing.date_debut = 'Indiquez la date de début.';
    if (fin === '') missing.date_fin = 'Indiquez la date de fin.';
    if (heuresHebdo === '') missing.heures_hebdo = 'Indiquez les heures par semaine.';
    if (Object.keys(missing).length > 0) {
      feedback.setErrors(missing);
      return;
    }
    ajouter.mutate(
      {
        type,
        date_debut: debut,
        date_fin: fin,
        heures_hebdo: Number(heuresHebdo),
        renouvellement_de: renouvellement?.id ?? null,
        justification_duree: orNull(justification),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: renouvellement === null ? 'Contrat ajouté' : 'Contrat renouvelé', message: `Jusqu'au ${formatDate(fin)}.` });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  const titre = renouvellement === null ? 'Nouveau contrat' : `Renouvellement du contrat finissant le ${formatDate(renouvellement.date_fin)}`;
  return (
    <form onSubmit={submit} aria-label={titre} noValidate>
      <Stack gap="sm" maw={560}>
        <Title order={3}>{titre}</Title>
        <FormAlert title="Le contrat n'a pas été enregistré" message={feedback.formError} />
        <NativeSelect label="Type de contrat" data={optionsOf(typeContratLabels)} value={type} onChange={(e) => setType(e.currentTarget.value as TypeContrat)} error={feedback.errors.type} />
        <TextInput label="Date de début" type="date" required value={debut} onChange={(e) => setDebut(e.currentTarget.value)} error={feedback.errors.date_debut} />
        <TextInput label="Date de fin" type="date" required value={fin} onChange={(e) => setFin(e.currentTarget.value)} error={feedback.errors.date_fin} />
        <NumberInput
          label="Heures par semaine"
          description="Souvent quelques heures au début, puis davantage (35 au plus)"
          required
          min={1}
          max={35}
          decimalSeparator=","
          value={heuresHebdo}
          onChange={setHeuresHebdo}
          error={feedback.errors.heures_hebdo}
        />
        {(feedback.code === 'justification_requise' || feedback.errors.justification_duree !== undefined || parcours.duree_mois >= 20) && (
          <Textarea
            label={`Justification de la durée (au-delà de ${DUREE_NORME_MOIS} mois)`}
            description={`Obligatoire si le contrat dépasse ${DUREE_NORME_MOIS} mois de parcours, sauf si elle est déjà enregistrée.`}
            autosize
            minRows={3}
            value={justification}
            onChange={(e) => setJustification(e.currentTarget.value)}
            error={feedback.errors.justification_duree}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            {renouvellement === null ? 'Ajouter le contrat' : 'Renouveler le contrat'}
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
