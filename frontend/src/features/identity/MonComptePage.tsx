import { Alert, Badge, Button, Code, DataList, Group, Image, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import type { Moi, TotpEnrolment } from '../../api/types';
import { useAuth, useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { can } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { roleLabels, structureTypeLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { formatNumber } from '../../ui/formatters';
import { toneColors } from '../../ui/statut';
import { groupSecret } from './format';
import { SessionsSection } from './SessionsSection';
import { useActiverTotp, useChangerMotDePasse, useDemarrerTotp, useStructure } from './useIdentity';

export function MonComptePage() {
  usePageTitle('Mon compte');
  const moi = useMoi();
  const { session } = useAuth();

  return (
    <Stack gap="xl" maw={720}>
      <PageHeading>Mon compte</PageHeading>
      {moi.totp_requis === true && (
        <Alert color="orange" variant="light" title="Double authentification obligatoire" role="status">
          {messages.totpRequiredBanner}
        </Alert>
      )}
      <Identite moi={moi} />
      {moi.type === 'utilisateur' && <DoubleAuthentification moi={moi} />}
      {moi.type === 'utilisateur' && <MotDePasse moi={moi} />}
      {moi.type === 'utilisateur' && <SessionsSection onAllEnded={() => void session.logout()} />}
    </Stack>
  );
}

function Identite({ moi }: { moi: Moi }) {
  // Without the reference data (partners), the structures directory answers 403: not asked.
  const canReadStructures = can(moi, 'reference:read');
  const structure = useStructure(moi.structure_id, { enabled: canReadStructures });
  const nom = [moi.prenom, moi.nom].filter((part) => part != null && part !== '').join(' ');
  const perimetre = moi.perimetre.national
    ? 'National'
    : moi.perimetre.territoire_ids.length > 0
      ? `${formatNumber(moi.perimetre.territoire_ids.length)} ${moi.perimetre.territoire_ids.length > 1 ? 'territoires' : 'territoire'}`
      : 'Votre structure';
  return (
    <Stack gap="sm" component="section" aria-labelledby="identite-titre">
      <Title order={2} id="identite-titre">
        Identité
      </Title>
      <DataList labelWidth="180px">
        <DataList.Item>
          <DataList.ItemLabel>Nom</DataList.ItemLabel>
          <DataList.ItemValue>{nom === '' ? messages.notAvailable : nom}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Adresse e-mail</DataList.ItemLabel>
          <DataList.ItemValue>{moi.email ?? messages.notAvailable}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Rôle</DataList.ItemLabel>
          <DataList.ItemValue>{roleLabels[moi.role]}</DataList.ItemValue>
        </DataList.Item>
        {canReadStructures && (
          <DataList.Item>
            <DataList.ItemLabel>Structure</DataList.ItemLabel>
            <DataList.ItemValue>
              {structure.data === undefined
                ? structure.isPending
                  ? messages.loading
                  : messages.notAvailable
                : `${structure.data.nom} (${structureTypeLabels[structure.data.type]})`}
            </DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel>Périmètre</DataList.ItemLabel>
          <DataList.ItemValue>{perimetre}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Stack>
  );
}

function QrCode({ value }: { value: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    QRCode.toDataURL(value, { margin: 2, width: 220, errorCorrectionLevel: 'M' })
      .then((url) => {
        if (active) setSrc(url);
      })
      .catch(() => {
        if (active) setSrc(null);
      });
    return () => {
      active = false;
    };
  }, [value]);
  if (src === null) return null;
  return <Image src={src} alt="QR code à scanner avec votre application d'authentification" w={220} h={220} fit="contain" />;
}

function DoubleAuthentification({ moi }: { moi: Moi }) {
  const { session } = useAuth();
  const demarrer = useDemarrerTotp();
  const activer = useActiverTotp();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const start = () => {
    setDone(false);
    demarrer.mutate(undefined, { onSuccess: (data) => setEnrolment(data) });
  };

  const activate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCodeError(null);
    activer.mutate(code, {
      onSuccess: () => {
        setEnrolment(null);
        setCode('');
        setDone(true);
        void session.reloadMoi();
      },
      onError: (error) => {
        setCodeError(error instanceof ApiError ? (error.fieldErrors.code ?? error.message) : errorMessage(error));
      },
    });
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="totp-titre">
      <Group gap="sm" align="center">
        <Title order={2} id="totp-titre">
          Double authentification
        </Title>
        <Badge
          color={moi.totp_active ? toneColors.success : toneColors.neutral}
          variant="filled"
          radius="sm"
          size="lg"
          tt="none"
          fw={600}
        >
          {moi.totp_active ? 'Activée' : 'Non activée'}
        </Badge>
      </Group>
      {done && (
        <Alert color="green" variant="light" role="status" title="Double authentification activée">
          À votre prochaine connexion, saisissez le code affiché par votre application après votre mot de passe.
        </Alert>
      )}
      {moi.totp_active ? (
        !done && <Text>Votre compte demande un code à 6 chiffres à chaque connexion.</Text>
      ) : enrolment === null ? (
        <Stack gap="sm" align="flex-start">
          <Text>
            Protégez votre compte : à chaque connexion, un code à 6 chiffres donné par une application (FreeOTP, Aegis,
            Google Authenticator…) vous sera demandé en plus du mot de passe.
          </Text>
          {demarrer.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(demarrer.error)}
            </Alert>
          )}
          <Button onClick={start} loading={demarrer.isPending}>
            Activer la double authentification
          </Button>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text>1. Scannez ce QR code avec votre application d'authentification.</Text>
          <QrCode value={enrolment.otpauth_uri} />
          <Text>
            Ou saisissez cette clé dans l'application :{' '}
            <Code fz="md" data-testid="secret-totp" style={{ wordBreak: 'break-all' }}>
              {groupSecret(enrolment.secret)}
            </Code>
          </Text>
          <form onSubmit={activate} aria-label="Confirmer la double authentification">
            <Stack gap="sm" align="flex-start">
              <TextInput
                label="2. Saisissez le code à 6 chiffres affiché par l'application"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={code}
                error={codeError}
                onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, ''))}
                w={{ base: '100%', xs: 320 }}
              />
              <Button type="submit" loading={activer.isPending}>
                Activer
              </Button>
            </Stack>
          </form>
        </Stack>
      )}
    </Stack>
  );
}

function MotDePasse({ moi }: { moi: Moi }) {
  const { session } = useAuth();
  const navigate = useNavigate();
  const changer = useChangerMotDePasse();
  const [actuel, setActuel] = useState('');
  const [nouveau, setNouveau] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [success, setSuccess] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSuccess(false);
    setFormError(null);
    if (nouveau !== confirmation) {
      setErrors({ confirmation: 'Les deux saisies du nouveau mot de passe sont différentes.' });
      return;
    }
    setErrors({});
    changer.mutate(
      { mot_de_passe_actuel: actuel, nouveau_mot_de_passe: nouveau },
      {
        onSuccess: async () => {
          // The API closes every session of the account, this one included:
          // open a new one with the new password (or ask to sign in again).
          const again = moi.email == null ? null : await session.login({ email: moi.email, password: nouveau });
          setActuel('');
          setNouveau('');
          setConfirmation('');
          if (again?.ok === true) {
            setSuccess(true);
          } else {
            await session.logout();
            void navigate('/connexion', {
              replace: true,
              state: { info: 'Mot de passe modifié. Reconnectez-vous avec votre nouveau mot de passe.' },
            });
          }
        },
        onError: (error) => {
          if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
            setErrors(error.fieldErrors);
          } else {
            setFormError(errorMessage(error));
          }
        },
      },
    );
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="mdp-titre">
      <Title order={2} id="mdp-titre">
        Mot de passe
      </Title>
      {success && (
        <Alert color="green" variant="light" role="status" title="Mot de passe modifié">
          Vos autres sessions (sur d'autres appareils ou navigateurs) ont été déconnectées.
        </Alert>
      )}
      {formError !== null && (
        <Alert color="red" variant="light" role="alert">
          {formError}
        </Alert>
      )}
      <form onSubmit={submit} aria-label="Changer mon mot de passe">
        <Stack gap="sm" maw={420}>
          <PasswordInput
            label="Mot de passe actuel"
            autoComplete="current-password"
            required
            size="md"
            value={actuel}
            error={errors.mot_de_passe_actuel}
            onChange={(event) => setActuel(event.currentTarget.value)}
            visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le mot de passe actuel' }}
          />
          <PasswordInput
            label="Nouveau mot de passe"
            description="Au moins 12 caractères ; une phrase de passe est idéale."
            autoComplete="new-password"
            required
            size="md"
            value={nouveau}
            error={errors.nouveau_mot_de_passe}
            onChange={(event) => setNouveau(event.currentTarget.value)}
            visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le nouveau mot de passe' }}
          />
          <PasswordInput
            label="Confirmation du nouveau mot de passe"
            autoComplete="new-password"
            required
            size="md"
            value={confirmation}
            error={errors.confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer la confirmation' }}
          />
          <div>
            <Button type="submit" loading={changer.isPending}>
              Changer le mot de passe
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}
