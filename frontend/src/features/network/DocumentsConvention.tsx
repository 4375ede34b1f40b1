import { Button, Group, Input, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useId, useRef, useState } from 'react';

import { ApiError, errorMessage } from '../../api/problem';
import type { Convention } from '../../api/types';
import { DataTable } from '../../ui/DataTable';
import { formatDateTime } from '../../ui/formatters';
import { DOCUMENT_MAX_OCTETS, formatTaille } from './forms';
import { useAjouterDocument, useTelechargerDocument } from './useNetwork';

const ACCEPT = '.pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The documents of a convention: the list, a download button each, and the upload form. */
export function DocumentsConvention({ convention, peutAjouter }: { convention: Convention; peutAjouter: boolean }) {
  const telecharger = useTelechargerDocument(convention.id);
  return (
    <Stack gap="sm" component="section" aria-labelledby="documents-titre">
      <Title order={2} id="documents-titre">
        Documents
      </Title>
      {convention.documents.length === 0 ? (
        <Text>Aucun document joint pour le moment.</Text>
      ) : (
        <DataTable caption="Documents de la convention" minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Fichier</Table.Th>
              <Table.Th scope="col">Taille</Table.Th>
              <Table.Th scope="col">Ajouté le</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {convention.documents.map((document_) => (
              <Table.Tr key={document_.id}>
                <Table.Th scope="row" style={{ overflowWrap: 'anywhere' }}>
                  {document_.nom_fichier}
                </Table.Th>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTaille(document_.taille)}</Table.Td>
                <Table.Td>
                  <time dateTime={document_.created_at}>{formatDateTime(document_.created_at)}</time>
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="outline"
                    size="sm"
                    aria-label={`Télécharger ${document_.nom_fichier}`}
                    loading={telecharger.isPending && telecharger.variables?.id === document_.id}
                    onClick={() => telecharger.mutate(document_)}
                  >
                    Télécharger
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {peutAjouter && <AjoutDocument conventionId={convention.id} />}
    </Stack>
  );
}

function AjoutDocument({ conventionId }: { conventionId: string }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const ajouter = useAjouterDocument(conventionId);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file === null) {
      setError('Choisissez un document à joindre.');
      return;
    }
    if (file.size > DOCUMENT_MAX_OCTETS) {
      setError(`Le document dépasse la taille maximale de 20 Mo (${formatTaille(file.size)}).`);
      return;
    }
    setError(null);
    setProgress(0);
    ajouter.mutate(
      { file, onProgress: setProgress },
      {
        onSuccess: (document_) => {
          notifications.show({ color: 'green', title: 'Document ajouté', message: `${document_.nom_fichier} est joint à la convention.` });
          setFile(null);
          if (input.current !== null) input.current.value = '';
        },
        onError: (failure) => {
          const fieldError = failure instanceof ApiError ? failure.fieldErrors.fichier : undefined;
          setError(fieldError ?? errorMessage(failure));
        },
        onSettled: () => setProgress(null),
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label="Ajout d'un document" noValidate>
      <Stack gap="sm" maw={560}>
        <Input.Wrapper
          label="Joindre un document"
          description="PDF, ODT ou DOCX, 20 Mo au plus."
          error={error}
          id={inputId}
          labelProps={{ htmlFor: inputId }}
        >
          <input
            ref={input}
            id={inputId}
            className="file-input"
            type="file"
            accept={ACCEPT}
            aria-invalid={error !== null}
            aria-describedby={`${inputId}-description${error !== null ? ` ${inputId}-error` : ''}`}
            onChange={(event) => {
              setError(null);
              setFile(event.currentTarget.files?.[0] ?? null);
            }}
            style={{ display: 'block', minHeight: 44, width: '100%', paddingBlock: 8 }}
          />
        </Input.Wrapper>
        {ajouter.isPending && (
          <Stack gap={4}>
            <Text size="sm" aria-live="polite">
              {progress === null ? 'Envoi en cours…' : `Envoi en cours : ${Math.round(progress * 100)} %`}
            </Text>
            <Progress.Root size="lg">
              <Progress.Section
                value={progress === null ? 100 : Math.round(progress * 100)}
                animated={progress === null}
                striped={progress === null}
                aria-label="Progression de l'envoi du document"
              />
            </Progress.Root>
          </Stack>
        )}
        <Group>
          <Button type="submit" variant="outline" loading={ajouter.isPending}>
            Ajouter le document
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
