import { Alert, Anchor, Breadcrumbs, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import type { Densite, TerritoireStatut } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { densiteLabels, enumValues, territoireStatutLabels } from '../../i18n/labels';
import { codeTerritoire } from './code';
import { STATUTS_A_LA_CREATION } from './transitions';
import { useCreerTerritoire } from './useTerritoires';

/** A new territoire (national team only): code, name, start date, density, statut. */
export function TerritoireCreatePage() {
  usePageTitle('Nouveau territoire');
  const navigate = useNavigate();
  const creer = useCreerTerritoire();
  const [nom, setNom] = useState('');
  const [code, setCode] = useState('');
  const [codeTouche, setCodeTouche] = useState(false);
  const [dateDemarrage, setDateDemarrage] = useState('');
  const [densite, setDensite] = useState<Densite | ''>('');
  const [statut, setStatut] = useState<TerritoireStatut>('preparation');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (nom.trim() === '') local.nom = 'Indiquez le nom du territoire.';
    if (code.trim() === '') local.code = 'Indiquez un code (lettres minuscules, chiffres et tirets).';
    if (dateDemarrage === '') local.date_demarrage = 'Indiquez la date de démarrage.';
    if (densite === '') local.densite = 'Choisissez la densité.';
    setFailure(null);
    if (Object.keys(local).length > 0 || densite === '') {
      setErrors(local);
      return;
    }
    setErrors({});
    creer.mutate(
      { nom: nom.trim(), code: code.trim(), date_demarrage: dateDemarrage, densite, statut },
      {
        onSuccess: (territoire) => {
          notifications.show({ color: 'green', title: 'Territoire créé', message: `${territoire.nom} est créé.` });
          void navigate(`/territoires/${territoire.id}`);
        },
        onError: (error) => {
          if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
          else setFailure(errorMessage(error));
        },
      },
    );
  };

  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/territoires">
            Territoires
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            Nouveau territoire
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Nouveau territoire</PageHeading>
      <form onSubmit={submit} noValidate aria-label="Créer le territoire">
        <Stack gap="md" maw={520}>
          {failure !== null && (
            <Alert color="red" variant="light" role="alert" title="Le territoire n'a pas été créé">
              {failure}
            </Alert>
          )}
          <TextInput
            label="Nom"
            withAsterisk
            maxLength={120}
            value={nom}
            error={errors.nom}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setNom(value);
              if (!codeTouche) setCode(codeTerritoire(value));
            }}
          />
          <TextInput
            label="Code"
            description="Identifiant court : lettres minuscules sans accent, chiffres et tirets (par exemple grand-lyon)."
            withAsterisk
            maxLength={50}
            value={code}
            error={errors.code}
            onChange={(event) => {
              setCodeTouche(true);
              setCode(event.currentTarget.value);
            }}
          />
          <TextInput
            type="date"
            label="Date de démarrage"
            withAsterisk
            value={dateDemarrage}
            error={errors.date_demarrage}
            onChange={(event) => setDateDemarrage(event.currentTarget.value)}
          />
          <NativeSelect
            label="Densité"
            withAsterisk
            data={[{ value: '', label: 'Choisir la densité' }, ...enumValues(densiteLabels).map((value) => ({ value, label: densiteLabels[value] }))]}
            value={densite}
            error={errors.densite}
            onChange={(event) => setDensite(event.currentTarget.value as Densite | '')}
          />
          <NativeSelect
            label="Statut"
            description="Un territoire ne devient opérationnel qu'une fois son chantier porteur désigné."
            data={STATUTS_A_LA_CREATION.map((value) => ({ value, label: territoireStatutLabels[value] }))}
            value={statut}
            error={errors.statut}
            onChange={(event) => setStatut(event.currentTarget.value as TerritoireStatut)}
          />
          <Group gap="sm">
            <Button type="submit" loading={creer.isPending}>
              Créer le territoire
            </Button>
            <Button variant="subtle" component={Link} to="/territoires">
              Annuler
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
