import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, loginAs, openNavigation, submitCredentials, totp } from './session';

/*
 * The API blocks an address after 5 failed logins in 15 minutes, for every
 * account: this file makes exactly one failed attempt (below, on the desktop
 * project only), proconnect.spec.ts one wrong TOTP code. Tests that change an
 * account run on one project only.
 */

// Accounts no other spec signs in with (the tests below change them).
const ENCADRANT_LYON = 'encadrant.lyon@demo.example.org';
const COORDINATEUR_LYON = 'coordinateur.lyon@demo.example.org';

test.describe('connexion', () => {
  test('une page protégée mène à la connexion, puis y revient', async ({ page }) => {
    await page.goto('/territoires?statut=operationnel');
    await expect(page).toHaveURL(/\/connexion\?retour=%2Fterritoires%3Fstatut%3Doperationnel$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
    await expect(page).toHaveTitle('Connexion · Convergence');
    await expectNoAxeViolations(page);

    await submitCredentials(page, ACCOUNTS.coordinateurParis);
    await expect(page).toHaveURL(/\/territoires\?statut=operationnel$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Territoires' })).toBeVisible();
  });

  test('un mauvais mot de passe affiche « Identifiants incorrects. »', { tag: '@bureau' }, async ({ page }) => {
    // Desktop project only: Une seule tentative échouée pour toute la suite (limitation par adresse).
    await page.goto('/connexion');
    await submitCredentials(page, ACCOUNTS.financeur, 'pas-le-bon-mot-de-passe');
    await expect(page.getByRole('alert')).toContainText('Identifiants incorrects.');
    await expect(page).toHaveURL(/\/connexion$/);
    await expectNoAxeViolations(page);
  });

  test("l'administration nationale voit l'administration, son nom et son rôle", async ({ page }) => {
    await loginAs(page, 'admin');
    await expect(page).toHaveURL(/\/territoires$/);
    const nav = await openNavigation(page);
    for (const name of ['Territoires', 'Utilisateurs', "Clients d'API", "Journal d'audit", 'Mon compte']) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await expect(nav.getByRole('group', { name: 'Administration' })).toBeVisible();
    await expect(page.getByText('Administration nationale').first()).toBeAttached();
    await expectNoAxeViolations(page);
  });

  test("un·e accompagnateur·rice ne voit pas l'administration et n'y entre pas", async ({ page }) => {
    await loginAs(page, 'accompagnateurParis');
    const nav = await openNavigation(page);
    await expect(nav.getByRole('link', { name: 'Territoires' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Mon compte' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Utilisateurs' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: "Journal d'audit" })).toHaveCount(0);

    await page.goto('/administration/utilisateurs');
    await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
    await expect(page).toHaveTitle('Accès refusé · Convergence');
    await expectNoAxeViolations(page);
  });

  test('un partenaire ne voit pas les territoires et arrive sur ses orientations reçues', async ({ page }) => {
    await loginAs(page, 'partenaireSiao');
    await expect(page).toHaveURL(/\/orientations$/);
    await page.goto('/mon-compte');
    await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
    await expect(page.getByRole('main').getByText('Partenaire', { exact: true })).toBeVisible();
    const nav = await openNavigation(page);
    await expect(nav.getByRole('link', { name: 'Mon compte' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Territoires' })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.goto('/territoires');
    await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
  });

  test('la session survit à un rechargement ; la déconnexion la termine', async ({ page }) => {
    await loginAs(page, 'coordinateurParis');
    // A coordinateur's home is its territoire's page.
    await expect(page).toHaveURL(/\/territoires\/[0-9a-f-]{36}$/);

    // The access token was in memory only: the refresh cookie brings the session back.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Paris' })).toBeVisible();
    await page.goto('/mon-compte');
    await expect(page.getByText(ACCOUNTS.coordinateurParis)).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL(/\/connexion$/);
    await expect(page.getByText('Vous êtes déconnecté·e.')).toBeVisible();
    await expectNoAxeViolations(page);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
    await page.goto('/territoires');
    await expect(page).toHaveURL(/\/connexion\?retour=%2Fterritoires$/);
  });
});

test.describe('mon compte', () => {
  test('un nouveau mot de passe trop court est refusé à côté du champ', async ({ page }) => {
    await loginAs(page, 'coordinateurParis');
    await page.goto('/mon-compte');
    await page.getByRole('textbox', { name: 'Mot de passe actuel', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('textbox', { name: 'Nouveau mot de passe', exact: true }).fill('court');
    await page.getByRole('textbox', { name: 'Confirmation du nouveau mot de passe', exact: true }).fill('court');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(page.getByText(/au moins 12 caractères\./)).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('la double authentification s’active puis est demandée à la connexion', { tag: '@bureau' }, async ({ page }) => {
    // Desktop project only: Change le compte de démonstration : une seule fois par suite.
    await loginAs(page, 'directionLyon');
    await page.goto('/mon-compte');
    await expect(page.getByText('Non activée')).toBeVisible();
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();

    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    const secret = (await page.getByTestId('secret-totp').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectNoAxeViolations(page);

    await page.getByLabel(/Saisissez le code à 6 chiffres/).fill(totp(secret));
    await page.getByRole('button', { name: 'Activer', exact: true }).click();
    await expect(page.getByText('Double authentification activée')).toBeVisible();
    await expect(page.getByText('Activée', { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL(/\/connexion$/);

    // Password first, then the code: a second step, without any failed attempt.
    await submitCredentials(page, ACCOUNTS.directionLyon);
    const code = page.getByRole('textbox', { name: 'Code de double authentification' });
    await expect(code).toBeVisible();
    await expect(code).toBeFocused();
    await expectNoAxeViolations(page);
    // The activation code was spent: the API accepts each step once, so take the next one.
    await code.fill(totp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await expect(page).toHaveURL(/\/parcours$/);
  });
});

test.describe('mot de passe oublié et sessions', { tag: '@bureau' }, () => {
  test('mot de passe oublié : le lien de la boîte de démonstration, un nouveau mot de passe, la connexion', async ({
    page,
  }) => {
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('textbox', { name: 'Adresse e-mail', exact: true }).fill(ENCADRANT_LYON);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    // The same answer whether the address has an account or not.
    await expect(page.getByRole('status')).toBeVisible();

    await page.goto('/boite-demo');
    const message = page
      .getByRole('article')
      .filter({ hasText: `À : ${ENCADRANT_LYON}` })
      .filter({ hasText: 'choisir un nouveau mot de passe' })
      .first();
    await expect(message).toBeVisible();
    await message.getByRole('link', { name: /Ouvrir le lien/ }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' })).toBeVisible();
    await expect(page).toHaveURL(/#jeton=/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Nouveau mot de passe').fill('lanterne-violon-marée-basse');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
    await expect(page.getByText('Mot de passe changé')).toBeVisible();
    await submitCredentials(page, ENCADRANT_LYON, 'lanterne-violon-marée-basse');
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await expect(page).toHaveURL(/\/parcours$/);

    // The person is told by e-mail that the password changed.
    await page.goto('/boite-demo');
    await expect(
      page
        .getByRole('article')
        .filter({ hasText: `À : ${ENCADRANT_LYON}` })
        .filter({ hasText: 'votre mot de passe a été changé' }),
    ).toBeVisible();
  });

  test('terminer une autre session : son prochain passage mène à la connexion', async ({ page, browser, baseURL }) => {
    // The same account in a second browser (another device).
    const other = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const device = await other.newPage();
    try {
      await device.goto('/connexion');
      await submitCredentials(device, COORDINATEUR_LYON);
      await expect(device.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();

      await page.goto('/connexion');
      await submitCredentials(page, COORDINATEUR_LYON);
      await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
      await page.goto('/mon-compte');
      const sessions = page.getByRole('table', { name: 'Sessions ouvertes' });
      await expect(sessions.getByRole('row')).toHaveCount(3); // the header, this one, the other
      await expect(sessions).toContainText('Cette session');
      await sessions.getByRole('button', { name: /^Terminer la session/ }).click();
      await expect(sessions.getByRole('row')).toHaveCount(2);
      await expect(sessions.getByRole('button', { name: /^Terminer la session/ })).toHaveCount(0);

      // The other device's next page: its token and its refresh are refused at once. The page
      // stays where it was (unsaved input is kept) under a dialog that asks to sign in again.
      const navigation = await openNavigation(device);
      await navigation.getByRole('link', { name: 'Mon compte' }).click();
      const dialog = device.getByRole('dialog', { name: 'Session terminée' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('textbox', { name: /Mot de passe/ })).toBeVisible();
      // This one goes on.
      await page.reload();
      await expect(page.getByRole('table', { name: 'Sessions ouvertes' })).toContainText('Cette session');
    } finally {
      await other.close();
    }
  });
});
