import { Alert, Anchor, Breadcrumbs, Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { ApiError, errorMessage, isNotFound } from '../../api/problem';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { structureTypesFor } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { isEnumValue, structureTypeLabels } from '../../i18n/labels';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { type StructureFormValues, emptyStructureForm, structureCreateBody, structureFormErrors, structureFormFrom, structureUpdateBody } from './forms';
import { StructureForm } from './StructureForm';
import { StructureIntrouvable } from './StructurePage';
import { type StructureVersion, useCreerStructure, useModifierStructure, useStructureVersion } from './useNetwork';
import { uuidOrUndefined } from './useUrlFilters';

/** A failed write: field errors beside their fields, anything else in an alert above the form. */
function useFailure() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const fail = (error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
      setErrors(error.fieldErrors);
      setFailure(null);
    } else {
      setErrors({});
      setFailure(
        error instanceof ApiError && error.status === 412
          ? "Cette structure a été modifiée entre-temps par quelqu'un d'autre : rechargez la page puis recommencez."
          : errorMessage(error),
      );
    }
  };
  const reset = () => {
    setErrors({});
    setFailure(null);
  };
  const alert =
    failure === null ? null : (
      <Alert color="red" variant="light" role="alert" title="L'enregistrement n'a pas abouti">
        {failure}
      </Alert>
    );
  return { errors, setErrors, fail, reset, alert };
}

export function StructureCreatePage() {
  usePageTitle('Nouvelle structure');
  const moi = useMoi();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const types = structureTypesFor(moi);
  const typeDemande = searchParams.get('type');
  const initialType = isEnumValue(structureTypeLabels, typeDemande) && types.includes(typeDemande) ? typeDemande : types.length === 1 ? (types[0] ?? '') : '';
  const [values, setValues] = useState<StructureFormValues>(() => emptyStructureForm(initialType, moi.perimetre.territoire_ids[0] ?? ''));
  const creer = useCreerStructure();
  const { errors, setErrors, fail, reset, alert } = useFailure();

  const submit = () => {
    const local = structureFormErrors(values);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    reset();
    creer.mutate(structureCreateBody(values), {
      onSuccess: (structure) => {
        notifications.show({ color: 'green', title: 'Structure créée', message: `${structure.nom} figure maintenant dans l'annuaire.` });
        void navigate(`/structures/${structure.id}`);
      },
      onError: fail,
    });
  };

  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/structures">
            Annuaire
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            Nouvelle structure
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Nouvelle structure</PageHeading>
      <StructureForm
        values={values}
        onChange={setValues}
        onSubmit={submit}
        errors={errors}
        failure={alert}
        submitting={creer.isPending}
        submitLabel="Créer la structure"
        cancel={
          <Button variant="subtle" component={Link} to="/structures">
            Annuler
          </Button>
        }
        typesPermis={types}
        edition={false}
      />
    </Stack>
  );
}

export function StructureEditPage() {
  const { structureId = '' } = useParams();
  if (uuidOrUndefined(structureId) === undefined) return <StructureIntrouvable />;
  return <StructureEdit structureId={structureId} />;
}

function StructureEdit({ structureId }: { structureId: string }) {
  const query = useStructureVersion(structureId);
  usePageTitle(query.data === undefined ? 'Modifier la structure' : `Modifier ${query.data.structure.nom}`);
  if (query.isPending) return <LoadingState label="Chargement de la structure…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <StructureIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Modifier la structure</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  // Keyed by version: a reload after a conflict starts from the latest values.
  return <StructureEditForm key={query.data.structure.version} version={query.data} />;
}

function StructureEditForm({ version }: { version: StructureVersion }) {
  const { structure, etag } = version;
  const moi = useMoi();
  const navigate = useNavigate();
  const [values, setValues] = useState<StructureFormValues>(() => structureFormFrom(structure));
  const modifier = useModifierStructure(structure.id);
  const { errors, setErrors, fail, reset, alert } = useFailure();

  if (!structureTypesFor(moi).includes(structure.type)) {
    return (
      <Stack gap="md" maw={640}>
        <PageHeading>Modification impossible</PageHeading>
        <Text>Votre rôle ne permet pas de modifier ce type de structure.</Text>
        <div>
          <Button component={Link} to={`/structures/${structure.id}`}>
            Retour à la structure
          </Button>
        </div>
      </Stack>
    );
  }

  const submit = () => {
    const local = structureFormErrors(values);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    reset();
    modifier.mutate(
      { changes: structureUpdateBody(values, structure), etag },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Structure enregistrée', message: 'Les modifications sont enregistrées.' });
          void navigate(`/structures/${structure.id}`);
        },
        onError: fail,
      },
    );
  };

  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/structures">
            Annuaire
          </Anchor>
          <Anchor component={Link} to={`/structures/${structure.id}`} className="breadcrumb-wrap">
            {structure.nom}
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            Modifier
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Modifier {structure.nom}</PageHeading>
      <StructureForm
        values={values}
        onChange={setValues}
        onSubmit={submit}
        errors={errors}
        failure={alert}
        submitting={modifier.isPending}
        submitLabel="Enregistrer les modifications"
        cancel={
          <Button variant="subtle" component={Link} to={`/structures/${structure.id}`}>
            Annuler
          </Button>
        }
        typesPermis={[structure.type]}
        edition
        engagementActuel={structure.engagement ?? null}
      />
    </Stack>
  );
}
