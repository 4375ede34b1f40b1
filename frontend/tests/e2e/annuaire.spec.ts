import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs, openNavigation } from './session';

test.use({ actionTimeout: 10_000 });

/**
 * The partner directory imported from data·inclusion: the chargé·e de partenariat of Paris
 * takes the example file the page offers, reads the dry run (a creation, an update with its
 * changes, a row the schema rejects, with its reason), confirms, and finds the new partner.
 */
test.describe('Import de l’annuaire data·inclusion', () => {
  test('la chargée de partenariat importe le fichier d’exemple et retrouve le nouveau partenaire', { tag: '@bureau' }, async ({ page }) => {
    await loginAs(page, 'partenariatParis');
    // From the home (the partner table), the directory is one menu entry away.
    await expect(page.getByRole('heading', { level: 1, name: 'Partenaires' })).toBeVisible();
    await (await openNavigation(page)).getByRole('link', { name: 'Annuaire' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Annuaire des structures' })).toBeVisible();
    await page.getByRole('link', { name: 'Importer depuis data·inclusion' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Importer depuis data·inclusion' })).toBeVisible();
    await expect(page.getByText('Territoire : Paris')).toBeVisible();
    await expectNoAxeViolations(page);

    // The example file, downloaded from the page itself, then given back to the form.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'télécharger le fichier d’exemple' }).click()]);
    const form = page.getByRole('form', { name: 'Fichier data·inclusion à importer' });
    await form.getByLabel('Fichier data·inclusion').setInputFiles(await download.path());
    await form.getByRole('textbox', { name: 'Départements du territoire' }).fill('75');
    await form.getByRole('button', { name: 'Analyser le fichier' }).click();

    // The dry run: nothing written yet.
    await expect(page.getByRole('heading', { level: 2, name: 'Ce que l’import fera' })).toBeVisible();
    await expect(page).toHaveURL(/\/structures\/importer\?import=[0-9a-f-]{36}$/);
    await expect(page.getByText(/4 créations, 1 mise à jour, 1 ligne rejetée, 0 ligne inchangée et 2 lignes hors territoire/)).toBeVisible();
    const creations = page.getByRole('table', { name: 'Structures et services créés' });
    await expect(creations.getByRole('row', { name: 'Épicerie solidaire des Envierges Structure', exact: true })).toBeVisible();
    await expect(creations.getByRole('row', { name: 'Épicerie solidaire Service de Épicerie solidaire des Envierges', exact: true })).toBeVisible();
    await expect(creations.getByRole('row', { name: 'Point numérique Service de CCAS du 19e arrondissement', exact: true })).toBeVisible();
    const changements = page.getByRole('table', { name: 'Changements pour CCAS du 19e arrondissement' });
    await expect(changements.getByRole('row', { name: /Téléphone/ })).toContainText('+33140000110');
    await expect(changements.getByRole('row', { name: /Adresse/ })).toContainText('Non renseigné');
    await expect(changements.getByRole('row', { name: /Domaines/ })).toContainText('Numérique');
    const rejets = page.getByRole('table', { name: 'Lignes rejetées et leur raison' });
    await expect(rejets.getByRole('row', { name: /Cap numérique Belleville/ })).toContainText('code postal : Doit contenir au plus 5 caractères.');
    // No code of the schema on screen.
    await expect(page.getByText('dora--', { exact: false })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Confirmer l’import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmer l’import' });
    await expect(dialog).toContainText('créer 1 structure et 3 services');
    await expect(dialog).toContainText('mettre à jour 1 structure');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Confirmer l’import' }).click();

    await expect(page.getByText('Import appliqué')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Épicerie solidaire des Envierges' }).click();
    const annuaire = page.getByRole('table', { name: 'Annuaire des structures' });
    const ligne = annuaire.getByRole('row', { name: /Épicerie solidaire des Envierges/ });
    await expect(ligne).toContainText('Paris');
    await expect(ligne).toContainText('Ressources et dettes');
    // The pointer rests where the link was, over the directory's "Réinitialiser les filtres":
    // axe would judge that button's hover colours (a known low contrast of subtle buttons).
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
  });
});
