import { queryKeys } from '../../api/queryKeys';
import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';

import { client, unwrap } from '../../api/client';

import { useAuth } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { homePathFor, safeReturnPath } from '../../app/home';
import { usePageTitle } from '../../app/usePageTitle';
import { messages } from '../../i18n/messages';
import { LoadingState } from '../../ui/QueryState';
import { type LoginStep, loginOutcome, proconnectCodePrompt } from './loginMessages';

interface LoginLocationState {
  info?: string;
}

export function LoginPage() {
  usePageTitle(messages.loginTitle);
  const { status, moi, session } = useAuth();
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const info = (location.state as LoginLocationState | null)?.info ?? null;
  const returnPath = safeReturnPath(searchParams.get('retour'));
  const methodes = useQuery({
    queryKey: queryKeys.comptes.methodes,
    queryFn: async () => unwrap(await client.GET('/api/v1/auth/methodes')),
    staleTime: Infinity,
  });

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // Back from ProConnect without a second factor asserted: the API waits for the TOTP code.
  const [step, setStep] = useState<LoginStep>(() =>
    searchParams.get('proconnect') === 'totp' ? 'proconnect' : 'identifiants',
  );
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // Also once the session check is over: back from ProConnect, the page opens on the code.
  useEffect(() => {
    if (step !== 'identifiants') codeInput.current?.focus();
  }, [step, status]);

  useEffect(() => {
    if (error !== null) errorRef.current?.focus();
  }, [error]);

  if (status === 'inconnu') {
    return (
      <main>
        <LoadingState label={messages.sessionLoading} />
      </main>
    );
  }
  if (status === 'connecte' && moi !== null) {
    const home = homePathFor(moi);
    return <Navigate to={moi.totp_requis === true ? home : (returnPath ?? home)} replace />;
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    const result =
      step === 'proconnect'
        ? await session.loginWithProConnectCode(code)
        : await session.login({ email, password, ...(step === 'code' ? { totp: code } : {}) });
    setSubmitting(false);
    if (result.ok) return; // The session state change redirects.
    const outcome = loginOutcome(result.problem, result.retryAfterSeconds, step);
    if (outcome.step === 'identifiants' && step !== 'identifiants') leaveCodeStep();
    if (outcome.step !== 'identifiants' && result.problem.code === 'totp_invalide') setCode('');
    setStep(outcome.step);
    setError(outcome.message);
  };

  /** Back to the password form; a ProConnect sign-in waiting for its code is given up. */
  const leaveCodeStep = () => {
    setCode('');
    if (searchParams.has('proconnect')) {
      const next = new URLSearchParams(searchParams);
      next.delete('proconnect');
      setSearchParams(next, { replace: true });
    }
  };

  const backToCredentials = () => {
    leaveCodeStep();
    setStep('identifiants');
    setPassword('');
    setError(null);
  };

  return (
    <>
      <header className="login-header">
        <Text component="p" fw={700} fz="xl">
          Convergence
        </Text>
      </header>
      <main id="contenu" className="login-main">
        <Paper withBorder p={{ base: 'md', xs: 'xl' }} radius="md" maw={440} w="100%">
          <Stack gap="md">
            <PageHeading>{messages.loginTitle}</PageHeading>
            {info !== null && error === null && (
              <Alert color="blue" variant="light" role="status">
                {info}
              </Alert>
            )}
            {error !== null && (
              <Alert color="red" variant="light" role="alert" ref={errorRef} tabIndex={-1} title="Connexion impossible">
                {error}
              </Alert>
            )}
            <form onSubmit={(event) => void submit(event)} aria-label={messages.loginTitle}>
              <Stack gap="md">
                {step === 'identifiants' ? (
                  <>
                    <TextInput
                      label="Adresse e-mail"
                      type="email"
                      name="username"
                      autoComplete="username"
                      required
                      value={email}
                      onChange={(event) => setEmail(event.currentTarget.value)}
                    />
                    <PasswordInput
                      label="Mot de passe"
                      name="password"
                      autoComplete="current-password"
                      required
                      size="md"
                      value={password}
                      onChange={(event) => setPassword(event.currentTarget.value)}
                      visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le mot de passe' }}
                    />
                  </>
                ) : (
                  <>
                    <Text>{step === 'proconnect' ? proconnectCodePrompt : messages.totpPrompt}</Text>
                    <TextInput
                      ref={codeInput}
                      label="Code de double authentification"
                      description="6 chiffres"
                      name="totp"
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      pattern="[0-9]{6}"
                      maxLength={6}
                      required
                      value={code}
                      onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, ''))}
                    />
                  </>
                )}
                <Button type="submit" loading={submitting} fullWidth>
                  {step === 'identifiants' ? messages.loginSubmit : 'Valider le code'}
                </Button>
                {step !== 'identifiants' && (
                  <Button variant="subtle" onClick={backToCredentials}>
                    {step === 'proconnect' ? 'Se connecter autrement' : 'Changer de compte'}
                  </Button>
                )}
              </Stack>
            </form>
            <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
              Mot de passe oublié ?
            </Anchor>
            {methodes.data?.proconnect && (
              <Button component="a" href="/api/v1/auth/proconnect/connexion" variant="outline">
                Se connecter avec ProConnect
              </Button>
            )}
            {methodes.data?.boite_demo && (
              <Anchor component={Link} to="/boite-demo" size="sm">
                Boîte de démonstration (e-mails de la démo)
              </Anchor>
            )}
          </Stack>
        </Paper>
      </main>
    </>
  );
}
