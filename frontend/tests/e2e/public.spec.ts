import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';

/**
 * An anonymous visitor reads the programme's public pages (on a phone in the `telephone`
 * project), with the live figures and the territoires, and never downloads the staff
 * application until they go to the login page.
 */
test('un visiteur découvre le programme, ses territoires, ses résultats et les façons d’agir', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script' || request.resourceType() === 'stylesheet') scripts.push(request.url());
  });
  const nav = page.getByRole('navigation', { name: 'Navigation du site' });

  await page.goto('/');
  await expect(page).toHaveTitle('Le programme · Convergence');
  await expect(page.getByRole('heading', { level: 1, name: 'Convergence' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Cinq principes' })).toBeVisible();
  // Live figures from the API, and the timeline with the territoires' openings.
  // The first computation of the figures takes a few seconds on a fresh server (api/public/cache.py).
  await expect(page.getByText('Sorties dynamiques', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/^Sorties de \d{4}, au niveau national/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: '2012' })).toBeVisible();
  await expect(page.getByText('Démarrage du territoire Grand Lyon (Auvergne-Rhône-Alpes).')).toBeVisible();
  await expectNoAxeViolations(page);

  await nav.getByRole('link', { name: 'Territoires' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Les territoires du programme' })).toBeVisible();
  // The demo's eight, and any a national team opened since (candidatures.spec.ts does).
  const programme = (await (await page.request.get('/api/v1/public/programme')).json()) as { territoires: unknown[] };
  const nombre = programme.territoires.length;
  expect(nombre).toBeGreaterThanOrEqual(8);
  await expect(page.getByRole('img', { name: /Carte schématique de la France : \d+ territoires/ })).toBeVisible();
  const territoires = page.getByRole('table').getByRole('rowheader');
  await expect(territoires).toHaveCount(nombre);
  await expect(page.getByRole('row', { name: /Paris Île-de-France 2012 Opérationnel/ })).toBeVisible();
  await expectNoAxeViolations(page);

  await nav.getByRole('link', { name: 'Résultats' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Résultats' })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Sorties de \d{4}$/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: "Les cohortes d'entrée" })).toBeVisible();
  await expect(page.getByText(/Secret statistique : aucun effectif de 1 à 10/)).toBeVisible();
  await expectNoAxeViolations(page);

  await nav.getByRole('link', { name: 'Être partenaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Être partenaire de Convergence' })).toBeVisible();
  for (const [name, href] of [
    ['Candidater comme chantier', '/etre-partenaire/chantier'],
    ['Candidater comme partenaire', '/etre-partenaire/partenaire'],
    ['Proposer un financement', '/etre-partenaire/financeur'],
  ]) {
    await expect(page.getByRole('link', { name })).toHaveAttribute('href', href);
  }
  await expectNoAxeViolations(page);
  expect(scripts.filter((url) => /mantine|\/App-/.test(url)), 'the staff application is not loaded').toEqual([]);

  await nav.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
});
