import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs } from './session';

test.beforeEach(async ({ page }) => {
  await loginAs(page, 'admin');
});

test.describe('administration', () => {
  test('les comptes se filtrent par rôle dans l’adresse', async ({ page }) => {
    await page.goto('/administration/utilisateurs');
    const table = page.getByRole('table', { name: 'Liste des comptes' });
    await expect(table.getByRole('link', { name: 'admin@demo.example.org' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel('Rôle').selectOption({ label: 'Partenaire' });
    await expect(page).toHaveURL(/[?&]role=partenaire(&|$)/);
    await expect(table.getByRole('link', { name: 'partenaire.siao@demo.example.org' })).toBeVisible();
    await expect(table.getByRole('link', { name: 'admin@demo.example.org' })).toHaveCount(0);
    for (const row of await table.locator('tbody tr').all()) {
      await expect(row).toContainText('Partenaire');
    }
  });

  test('créer un compte, changer son rôle, le désactiver puis le réactiver', { tag: '@bureau' }, async ({ page }) => {
    // Desktop project only: Crée des données : une seule fois par suite.
    const email = `nouvelle.recrue.${Date.now()}@demo.example.org`;
    await page.goto('/administration/utilisateurs');
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Créer un compte' })).toBeVisible();

    await page.getByRole('textbox', { name: 'Adresse e-mail', exact: true }).fill(email);
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Exemple');
    await page.getByRole('textbox', { name: 'Prénom', exact: true }).fill('Dominique');
    await page.getByLabel('Rôle').selectOption({ label: 'Encadrant·e technique' });
    await page.getByLabel('Structure').selectOption({ label: 'Ateliers de Belleville' });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Créer le compte et inviter' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Dominique Exemple' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    await expect(page.getByText('Actif', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);

    // Role change: a coordinateur needs territoires (the API says so beside the field otherwise).
    const roleForm = page.getByRole('form', { name: 'Modifier le rôle et le rattachement' });
    await roleForm.getByLabel('Rôle').selectOption({ label: 'Coordinateur·rice de territoire' });
    await roleForm.getByLabel('Structure').selectOption({ label: 'Ateliers de Belleville' });
    await roleForm.getByLabel('Paris').check();
    await roleForm.getByRole('button', { name: 'Enregistrer le rôle' }).click();
    await expect(page.getByRole('main').getByText('Coordinateur·rice de territoire').first()).toBeVisible();
    await expect(page.getByRole('main').getByText('Paris', { exact: true }).first()).toBeVisible();

    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    const dialog = page.getByRole('dialog', { name: 'Désactiver ce compte ?' });
    await expect(dialog).toBeVisible();
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await expect(page.getByText('Désactivé', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Réactiver le compte' }).click();
    await expect(page.getByText('Actif', { exact: true })).toBeVisible();
  });

  test('créer un client d’API pour le SIAO de Paris : le secret est montré une fois', { tag: '@bureau' }, async ({ page }) => {
    // Desktop project only: Crée des données : une seule fois par suite.
    await page.goto('/administration/clients-api');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: "Créer un client d'API" }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: "Créer un client d'API" })).toBeVisible();

    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Logiciel du SIAO de Paris');
    await page.getByLabel('Structure').selectOption({ label: 'SIAO de Paris' });
    await expect(page.getByLabel('Consulter les orientations')).toBeChecked();
    await expect(page.getByLabel('Répondre aux orientations')).toBeChecked();
    await expect(page.getByLabel('Consulter les indicateurs')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Créer le client' }).click();

    const reveal = page.getByTestId('secret-client');
    await expect(reveal).toContainText('il ne sera plus jamais affiché');
    const secret = (await page.getByTestId('secret-valeur').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(20);
    await expect(reveal.getByRole('button', { name: 'Copier le secret' })).toBeVisible();
    await expectNoAxeViolations(page);

    await reveal.getByRole('button', { name: "J'ai conservé le secret" }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Logiciel du SIAO de Paris' })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);
    await expect(page.getByText('SIAO de Paris (Partenaire)')).toBeVisible();

    // Rotation: a new secret, once, and until when the old one works.
    await page.getByRole('button', { name: 'Renouveler le secret' }).click();
    await expect(page.getByTestId('secret-client')).toContainText("L'ancien secret reste valide jusqu'au");
    const rotated = (await page.getByTestId('secret-valeur').innerText()).trim();
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: "J'ai conservé le secret" }).click();

    // Revocation confirms first: it cannot be undone.
    await page.getByRole('button', { name: 'Révoquer le client' }).click();
    const dialog = page.getByRole('dialog', { name: "Révoquer ce client d'API ?" });
    await expect(dialog).toContainText('irréversible');
    await dialog.getByRole('button', { name: 'Révoquer définitivement' }).click();
    await expect(page.getByText('Révoqué', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Renouveler le secret' })).toHaveCount(0);
  });

  test("le journal d'audit se filtre et se télécharge", async ({ page }) => {
    await page.goto('/administration/audit');
    const table = page.getByRole('table', { name: "Événements du journal d'audit" });
    await expect(table).toBeVisible();
    await expect(table).toContainText('Connexion');
    await expectNoAxeViolations(page);

    await page.getByLabel('Action').selectOption({ label: 'Connexion' });
    await expect(page).toHaveURL(/[?&]action=login(&|$)/);
    // Every event shown is a login (the previous list may show until the new one arrives).
    await expect
      .poll(async () => [...new Set(await table.locator('tbody tr td:nth-child(2)').allInnerTexts())])
      .toEqual(['Connexion']);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger le CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
