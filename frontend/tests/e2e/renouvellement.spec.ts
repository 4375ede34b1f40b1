import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs } from './session';

/*
 * Renewal from the coordinateur's home: the "Conventions à renouveler" panel leads to the
 * convention, "Préparer le renouvellement" creates the next one as a draft, and both pages
 * show the chain. Runs once (it renews the demo's CCAS partnership).
 */
test('@bureau renouveler une convention depuis le panneau « Conventions à renouveler »', async ({ page }) => {
  test.setTimeout(60_000);
  const titre = 'Partenariat – CCAS du 19e arrondissement';
  await loginAs(page, 'coordinateurParis');
  const panel = page.getByRole('region', { name: 'Conventions à renouveler' });
  await panel.getByRole('link', { name: titre, exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: titre })).toBeVisible();
  await page.getByRole('button', { name: 'Préparer le renouvellement' }).click();
  const dialog = page.getByRole('dialog', { name: 'Préparer le renouvellement ?' });
  await expect(dialog).toContainText('au statut « Brouillon »');
  await dialog.getByRole('button', { name: 'Créer la convention suivante' }).click();

  // The renewal: a draft, its chain, and the next step of its lifecycle.
  await expect(page.getByRole('heading', { level: 1, name: `${titre} (renouvellement)` })).toBeVisible();
  await expect(page.getByRole('main').getByText('Brouillon', { exact: true }).first()).toBeVisible();
  const chaine = page.getByRole('list', { name: /Conventions successives/ });
  await expect(chaine.getByRole('listitem')).toHaveCount(2);
  await expect(chaine.getByRole('link', { name: titre, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Envoi en signature', exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // Back to the renewed convention: it leads to its renewal instead of offering another.
  await chaine.getByRole('link', { name: titre, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: titre })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Préparer le renouvellement' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Voir le renouvellement' })).toBeVisible();
});
