import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs } from './session';

/** The territoires of the demo programme (convergence seed-demo). */
const TERRITOIRES = ['Paris', 'Grand Lyon', 'Lille', 'Nantes', 'Strasbourg', 'Charente', 'Marseille', 'Rouen'];

function territoiresTable(page: Page) {
  return page.getByRole('table', { name: 'Liste des territoires' });
}

function bodyRows(page: Page) {
  return territoiresTable(page).locator('tbody tr');
}

// Every page needs a session: sign in as the national administration first.
test.beforeEach(async ({ page }) => {
  await loginAs(page, 'admin');
});

test.describe('territoires', () => {
  test("l'accueil mène à la liste des 8 territoires", async ({ page }) => {
    await page.goto('/espace');
    await expect(page).toHaveURL(/\/territoires$/);
    await expect(page).toHaveTitle('Territoires · Convergence');
    await expect(page.getByRole('heading', { level: 1, name: 'Territoires' })).toBeVisible();

    const table = territoiresTable(page);
    for (const nom of TERRITOIRES) {
      await expect(table.getByRole('link', { name: nom, exact: true })).toBeVisible();
    }
    await expect(bodyRows(page)).toHaveCount(TERRITOIRES.length);
    await expect(page.getByRole('status').filter({ hasText: '8 territoires' })).toBeVisible();

    // Dates and labels in French, never raw enum values.
    const paris = table.getByRole('row', { name: /Paris/ });
    await expect(paris).toContainText('1 septembre 2012');
    await expect(paris).toContainText('Territoire dense');
    await expect(paris).toContainText('Opérationnel');
    await expect(table.getByRole('row', { name: /Charente/ })).toContainText('Territoire peu dense');
    await expect(table).not.toContainText('operationnel');

    await expectNoAxeViolations(page);
  });

  test('un territoire ouvre sa page avec ses structures', async ({ page }) => {
    await page.goto('/territoires');
    await territoiresTable(page).getByRole('link', { name: 'Paris', exact: true }).click();

    await expect(page).toHaveURL(/\/territoires\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Paris' })).toBeVisible();
    await expect(page).toHaveTitle('Paris · Convergence');
    // Focus moves to the page heading after navigation.
    await expect(page.getByRole('heading', { level: 1, name: 'Paris' })).toBeFocused();
    await expect(page.getByText('1 septembre 2012')).toBeVisible();

    const structures = page.getByRole('table', { name: 'Structures du territoire' });
    await expect(structures).toBeVisible();
    const porteur = structures.getByRole('row', { name: /Ateliers de Belleville/ });
    await expect(porteur).toContainText("Chantier d'insertion");
    await expect(porteur).toContainText('Paris (75019)');
    await expect(porteur.getByRole('cell').last()).toHaveText('Oui');
    await expect(porteur.getByRole('cell').nth(2)).toHaveText(/^\d{3} \d{3} \d{3} \d{5}$/);
    const ressourcerie = structures.getByRole('row', { name: /Ressourcerie du Canal/ });
    await expect(ressourcerie.getByRole('cell').last()).toHaveText('Non');
    await expect(structures.getByRole('row', { name: /FAS Île-de-France/ })).toContainText(
      'FAS (Fédération des acteurs de la solidarité)',
    );
    // Structures of other territoires, or of none, are not listed.
    await expect(structures).not.toContainText('Atelier Rhône Insertion');
    await expect(structures).not.toContainText('Fonds Inclusion Démo');

    await expectNoAxeViolations(page);

    // The breadcrumb leads back to the list.
    await page.getByRole('navigation', { name: "Fil d'Ariane" }).getByRole('link', { name: 'Territoires' }).click();
    await expect(bodyRows(page)).toHaveCount(TERRITOIRES.length);
  });

  test("le filtre par statut s'inscrit dans l'adresse", async ({ page }) => {
    await page.goto('/territoires');
    await expect(bodyRows(page)).toHaveCount(TERRITOIRES.length);
    const badges = await territoiresTable(page).locator('tbody [data-statut]').evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-statut')),
    );
    const count = (statut: string) => badges.filter((value) => value === statut).length;

    const statut = page.getByLabel('Statut');
    await statut.selectOption({ label: 'Opérationnel' });
    await expect(page).toHaveURL(/[?&]statut=operationnel(&|$)/);
    await expect(bodyRows(page)).toHaveCount(count('operationnel'));
    for (const row of await bodyRows(page).all()) {
      await expect(row).toContainText('Opérationnel');
    }
    await expectNoAxeViolations(page);

    await statut.selectOption({ label: 'En préparation' });
    await expect(page).toHaveURL(/[?&]statut=preparation(&|$)/);
    if (count('preparation') === 0) {
      await expect(page.getByText('Aucun territoire ne correspond à ces filtres')).toBeVisible();
      await expectNoAxeViolations(page);
    } else {
      await expect(bodyRows(page)).toHaveCount(count('preparation'));
    }

    // The back button undoes the last filter.
    await page.goBack();
    await expect(page).toHaveURL(/[?&]statut=operationnel(&|$)/);
    await expect(statut).toHaveValue('operationnel');

    // A shared link opens with its filter applied.
    await page.goto('/territoires?statut=operationnel&densite=peu_dense');
    await expect(page.getByLabel('Densité')).toHaveValue('peu_dense');
    await expect(territoiresTable(page).getByRole('link', { name: 'Charente' })).toBeVisible();
    await expect(territoiresTable(page).getByRole('link', { name: 'Paris' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Réinitialiser les filtres' }).click();
    await expect(page).toHaveURL(/\/territoires$/);
    await expect(bodyRows(page)).toHaveCount(TERRITOIRES.length);
  });

  test('un territoire inconnu est introuvable', async ({ page }) => {
    await page.goto('/territoires/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('heading', { level: 1, name: 'Territoire introuvable' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test('une adresse inconnue affiche « Page introuvable »', async ({ page }) => {
  await page.goto('/cette-page-n-existe-pas');
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(page).toHaveTitle('Page introuvable · Convergence');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: "Retour à l'accueil" }).click();
  await expect(page).toHaveURL(/\/territoires$/);
});

test('la navigation se fait au clavier et tient sur un téléphone', async ({ page }, testInfo) => {
  await page.goto('/territoires');
  await expect(territoiresTable(page)).toBeVisible();

  // The first Tab reaches the skip link, which leads to the main content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu principal' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  if (testInfo.project.name === 'telephone') {
    // Nothing overflows the 360 px screen; the menu is behind the burger.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(nav.getByRole('link', { name: 'Territoires' })).toBeHidden();
    const burger = page.getByRole('button', { name: 'Ouvrir le menu' });
    const box = await burger.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    await burger.click();
    await expect(page.getByRole('button', { name: 'Fermer le menu' })).toHaveAttribute('aria-expanded', 'true');
    await expect(nav.getByRole('link', { name: 'Territoires' })).toBeVisible();
    await expectNoAxeViolations(page);
  } else {
    await expect(nav.getByRole('link', { name: 'Territoires' })).toHaveAttribute('aria-current', 'page');
  }
});
