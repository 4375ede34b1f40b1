import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs, logout, submitCredentials } from './session';

test('inviter un compte, suivre le lien de la boîte de démonstration, se connecter', { tag: '@bureau' }, async ({
  page,
}) => {
  const email = `invitee.${Date.now()}@demo.example.org`;
  await loginAs(page, 'admin');
  await page.goto('/administration/utilisateurs/nouveau');
  await page.getByRole('textbox', { name: 'Adresse e-mail', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Invitée');
  await page.getByRole('textbox', { name: 'Prénom', exact: true }).fill('Sacha');
  await page.getByLabel('Rôle').selectOption({ label: 'Encadrant·e technique' });
  await page.getByLabel('Structure').selectOption({ label: 'Ateliers de Belleville' });
  await page.getByRole('button', { name: 'Créer le compte et inviter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sacha Invitée' })).toBeVisible();
  await expect(page.getByText('En attente', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Renvoyer l’invitation' })).toBeVisible();
  await expectNoAxeViolations(page);
  await logout(page);

  await page.goto('/boite-demo');
  const message = page.getByRole('article').filter({ hasText: `À : ${email}` }).first();
  await expect(message).toBeVisible();
  await expectNoAxeViolations(page);
  await message.getByRole('link', { name: /Ouvrir le lien/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Activer mon compte' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Nouveau mot de passe').fill('cheval-agrafe-pile-correcte');
  await page.getByRole('button', { name: 'Activer mon compte' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await expect(page.getByText('Votre compte est activé')).toBeVisible();
  await submitCredentials(page, email, 'cheval-agrafe-pile-correcte');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await page.goto('/mon-compte');
  await expect(page.getByRole('table', { name: 'Sessions ouvertes' })).toContainText('Cette session');
  await expectNoAxeViolations(page);
});
