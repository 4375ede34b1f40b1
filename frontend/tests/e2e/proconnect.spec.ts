import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { submitCredentials, totp } from './session';

/*
 * ProConnect against a real OpenID Connect provider: start-server.sh runs oidc-provider-mock
 * beside the API (port E2E_PORT + 1000) and points CONVERGENCE_OIDC_* at it. On the
 * provider's authorize page the tester types a subject; the mock makes it the e-mail of the
 * ID token, which signs in the demo account with that address. The mock asserts no second
 * factor (no `amr`). Desktop only: these tests link accounts to ProConnect and enrol TOTP.
 */

// Accounts no other spec signs in with.
const ACCOMPAGNATEUR_CANAL = 'accompagnateur.canal@demo.example.org';
const ACCOMPAGNATEUR_LYON = 'accompagnateur.lyon@demo.example.org';

/** From the login page to the provider and back, as `email`. */
async function signInWithProConnect(page: Page, email: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
  // The provider's own page (the mock's): type the subject, authorize.
  await expect(page).toHaveURL(/:\d+\/oauth2\/authorize\?/);
  await expect(page).toHaveURL(/code_challenge_method=S256/);
  await page.getByPlaceholder('sub').fill(email);
  await page.getByRole('button', { name: 'Authorize' }).click();
}

/** "Se déconnecter" goes through the provider's end of session, then back to /connexion. */
async function logoutThroughProvider(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/oauth2\/end_session\?.*id_token_hint=/);
  await expect(page).toHaveURL(/post_logout_redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fconnexion/);
  await page.getByRole('button', { name: 'End session' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/connexion(\?|$)/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  // The session is over here too.
  await page.goto('/mon-compte');
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmon-compte$/);
}

test.describe('ProConnect', { tag: '@bureau' }, () => {
  test('se connecter avec ProConnect mène à la page du rôle ; la déconnexion passe par ProConnect', async ({
    page,
  }) => {
    await signInWithProConnect(page, ACCOMPAGNATEUR_CANAL);

    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await expect(page).toHaveURL(/\/a-faire$/);
    await expect(page.getByTestId('identite')).toContainText('Noa Démo');
    await page.goto('/mon-compte');
    await expect(page.getByRole('table', { name: 'Sessions ouvertes' })).toContainText('(ProConnect)');
    await expectNoAxeViolations(page);

    await logoutThroughProvider(page);
  });

  test('sans double facteur attesté par ProConnect, le code TOTP du compte est demandé', async ({ page }) => {
    // The account turns TOTP on with its password first.
    await page.goto('/connexion');
    await submitCredentials(page, ACCOMPAGNATEUR_LYON);
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await page.goto('/mon-compte');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    const secret = (await page.getByTestId('secret-totp').innerText()).replace(/\s+/g, '');
    await page.getByLabel(/Saisissez le code à 6 chiffres/).fill(totp(secret));
    await page.getByRole('button', { name: 'Activer', exact: true }).click();
    await expect(page.getByText('Double authentification activée')).toBeVisible();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL(/\/connexion$/);

    await signInWithProConnect(page, ACCOMPAGNATEUR_LYON);
    await expect(page).toHaveURL(/\/connexion\?proconnect=totp$/);
    await expect(page.getByText(/ProConnect vous a identifié·e/)).toBeVisible();
    const code = page.getByRole('textbox', { name: 'Code de double authentification' });
    await expect(code).toBeFocused();
    await expectNoAxeViolations(page);

    // A wrong code: the API's French message, the step stays.
    const spent = totp(secret);
    await code.fill(spent === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await expect(page.getByRole('alert')).toContainText('Code incorrect');
    await expect(code).toHaveValue('');

    // The activation spent the current step: the API accepts each once, so take the next.
    await code.fill(totp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await expect(page).toHaveURL(/\/a-faire$/);

    await logoutThroughProvider(page);
  });
});
