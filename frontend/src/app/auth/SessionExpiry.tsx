/**
 * Sessions end by themselves (docs/securite.md): after an idle time (30 min for the
 * roles that read health data) and at their absolute end (12 h). A minute before,
 * a dialog offers to stay signed in; once over, the same dialog asks for the
 * password again without leaving the page, so what was being typed stays there.
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';

import { useAuth } from './AuthProvider';

/** The warning shows this long before the end. */
export const WARNING_MS = 60_000;
/** The server records activity at most once a minute: its idle end may come that much sooner. */
const ACTIVITY_RESOLUTION_MS = 60_000;
const TICK_MS = 5_000;

export interface SessionTimes {
  /** `session_expire_le` (ms), null when unknown. */
  absoluteEnd: number | null;
  /** `inactivite_secondes`, null when unknown. */
  idleSeconds: number | null;
  /** When this tab last used its access token (ms). */
  lastActivity: number;
}

/** When the session ends at the latest, as the server will see it (ms; Infinity: unknown). */
export function sessionEnd({ absoluteEnd, idleSeconds, lastActivity }: SessionTimes): number {
  const idleEnd = idleSeconds === null ? Infinity : lastActivity - ACTIVITY_RESOLUTION_MS + idleSeconds * 1000;
  return Math.min(absoluteEnd ?? Infinity, idleEnd);
}

export type SessionPhase = 'active' | 'avertissement' | 'terminee';

export function sessionPhase(times: SessionTimes, now: number): SessionPhase {
  const end = sessionEnd(times);
  if (now >= end) return 'terminee';
  return now >= end - WARNING_MS ? 'avertissement' : 'active';
}

function heure(ms: number): string {
  return new Date(ms).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
}

export function SessionExpiry() {
  const { status, moi, session } = useAuth();
  const [now, setNow] = useState(() => Date.now());
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const times: SessionTimes = {
    absoluteEnd: moi?.session_expire_le ? Date.parse(moi.session_expire_le) : null,
    idleSeconds: moi?.inactivite_secondes ?? null,
    lastActivity: session.lastActivityAt(),
  };
  const phase = status === 'connecte' ? sessionPhase(times, now) : 'active';

  // Past the end, nobody is there to answer: forget the token and the drafts now.
  useEffect(() => {
    if (phase === 'terminee') session.expire();
  }, [phase, session]);

  if (moi === null || (status !== 'expiree' && phase !== 'avertissement')) return null;

  const stay = async () => {
    setBusy(true);
    // Renew the token, then one request: the server counts it as activity.
    if ((await session.refresh()) !== null) await session.reloadMoi().catch(() => null);
    setBusy(false);
    setNow(Date.now());
  };

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await session.login({ email: moi.email ?? '', password, totp: askTotp ? totp : undefined });
    setBusy(false);
    if (result.ok) {
      setPassword('');
      setTotp('');
      setAskTotp(false);
      return;
    }
    if (result.problem.code === 'totp_requis') {
      setAskTotp(true);
      return;
    }
    setError(result.problem.detail ?? 'Connexion impossible : vérifiez votre mot de passe.');
  };

  const idleCause = times.absoluteEnd === null || sessionEnd(times) < times.absoluteEnd;
  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
      title={status === 'expiree' ? 'Session terminée' : 'Votre session va se terminer'}
      data-testid="session-expiry"
    >
      {status === 'expiree' ? (
        <form onSubmit={(event) => void signIn(event)}>
          <Stack gap="sm">
            <Text size="sm">
              Reconnectez-vous pour continuer : la page et ce que vous y avez saisi restent en place.
            </Text>
            <TextInput label="Adresse e-mail" value={moi.email ?? ''} readOnly />
            <PasswordInput
              label="Mot de passe"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              required
              autoFocus
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le mot de passe' }}
            />
            {askTotp && (
              <TextInput
                label="Code à 6 chiffres"
                value={totp}
                onChange={(event) => setTotp(event.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
              />
            )}
            {error !== null && (
              <Alert color="red" variant="light">
                {error}
              </Alert>
            )}
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => session.end()}>
                Changer de compte
              </Button>
              <Button type="submit" loading={busy}>
                Se reconnecter
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            {idleCause
              ? `Sans activité, votre session se termine vers ${heure(sessionEnd(times))}.`
              : `Votre session atteint sa durée maximale à ${heure(sessionEnd(times))} : enregistrez votre travail, il faudra vous reconnecter.`}
          </Text>
          {idleCause && (
            <Group justify="flex-end">
              <Button onClick={() => void stay()} loading={busy}>
                Rester connecté
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}
