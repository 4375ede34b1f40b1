import { type APIRequestContext, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, loginAs } from './session';

/*
 * The caseworker's main loop as they take it, on a desktop and on a phone: from the home
 * (À faire, "Mes salariés") to a person's page, "Orienter vers un partenaire", the consent,
 * the preview, send, then back to the person through the orientation's link. Nothing is
 * opened by URL after the login. Both projects share one database: each run picks a person
 * of the caseworker's own caseload who has not yet consented to share with the CCAS (the
 * people without a consent for the SIAO are orientations.spec.ts's).
 */

const PARTENAIRE = 'CCAS du 19e arrondissement';

interface Cible {
  nom: string;
  prenoms: string;
}

async function personneSansConsentementCcas(request: APIRequestContext): Promise<Cible> {
  const login = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'password', username: ACCOUNTS.accompagnateurParis, password: DEMO_PASSWORD },
  });
  expect(login.ok(), await login.text()).toBeTruthy();
  const headers = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
  const moi = (await (await request.get('/api/v1/moi', { headers })).json()) as { id: string };
  const structures = (await (await request.get('/api/v1/structures?type=partenaire&domaine=droits&limit=200', { headers })).json()) as {
    items: { id: string; nom: string }[];
  };
  const ccas = structures.items.find((structure) => structure.nom === PARTENAIRE);
  const caseload = (await (await request.get(`/api/v1/parcours?limit=200&referent_id=${moi.id}`, { headers })).json()) as {
    items: { salarie_id: string; nom: string; prenoms: string; statut: string }[];
  };
  for (const row of caseload.items.filter((item) => item.statut === 'en_cours')) {
    const consentements = (await (await request.get(`/api/v1/salaries/${row.salarie_id}/consentements`, { headers })).json()) as {
      type: string;
      partenaire_id: string | null;
      actif: boolean;
    }[];
    if (!consentements.some((c) => c.actif && c.type === 'partage_partenaire' && c.partenaire_id === ccas?.id)) {
      return { nom: row.nom, prenoms: row.prenoms };
    }
  }
  throw new Error('Aucune personne de « Mes salariés » sans consentement pour le CCAS');
}

test('personne → Orienter vers un partenaire → envoyer → retour à la personne, depuis l’accueil', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const cible = await personneSansConsentementCcas(request);
  const nom = `${cible.prenoms} ${cible.nom}`;
  const motif = `Accès aux droits (${testInfo.project.name})`;

  await loginAs(page, 'accompagnateurParis');
  await expect(page.getByRole('heading', { level: 1, name: 'À faire' })).toBeVisible();
  const mesSalaries = page.getByRole('region', { name: 'Mes salariés' });
  await mesSalaries.getByRole('link', { name: nom, exact: true }).first().click();

  // --- the person's page
  await expect(page.getByRole('heading', { level: 1, name: nom })).toBeVisible();
  await page.getByRole('link', { name: 'Orienter vers un partenaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orienter une personne' })).toBeVisible();
  await expect(page.getByText(nom).first()).toBeVisible();
  await expect(page.getByText('Une erreur inattendue est survenue')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Domaine' }).selectOption('droits');
  const partenaire = page.getByRole('combobox', { name: 'Partenaire' });
  const option = partenaire.locator('option', { hasText: PARTENAIRE });
  await expect(option).toHaveCount(1);
  await partenaire.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByRole('textbox', { name: 'Motif' }).fill(motif);
  await page.getByRole('textbox', { name: 'Besoin' }).fill('Ouvrir ses droits à la complémentaire santé.');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Consentement de la personne' })).toBeVisible();
  await page.getByRole('checkbox', { name: new RegExp(`accepte que les éléments choisis soient partagés avec ${PARTENAIRE}`) }).check();
  await page.getByRole('button', { name: 'Enregistrer le consentement' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Ce que le partenaire verra' })).toBeVisible();
  await page.getByRole('button', { name: `Envoyer à ${PARTENAIRE}` }).click();

  // --- the orientation, then back to the person
  await expect(page.getByRole('heading', { level: 1, name: `${nom} → ${PARTENAIRE}` })).toBeVisible();
  await expect(page.getByRole('main').getByText('Envoyée', { exact: true }).first()).toBeVisible();
  await page.getByRole('link', { name: `Voir le parcours de ${nom}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: nom })).toBeVisible();
  await expect(page.getByText('Une erreur inattendue est survenue')).toHaveCount(0);
  // The menu is there (behind the burger on a phone).
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await expectNoAxeViolations(page);
});
