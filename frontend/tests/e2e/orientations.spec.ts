import { type APIRequestContext, type Browser, type BrowserContext, type TestInfo, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, loginAs, openNavigation, submitCredentials } from './session';

/*
 * The round trip of an orientation: the caseworker prepares it, records the
 * person's consent, checks what the partner will see and sends it; the partner
 * (a second browser context) accepts it and writes in the thread; the
 * caseworker sees the answer and the message; the chargé·e de partenariat sees
 * the partner in the table. Both projects share one database: each run picks
 * a person who has not yet consented to share with the SIAO.
 */

const PARTENARIAT_PARIS = 'partenariat.paris@demo.example.org';

async function bearer(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'password', username, password: DEMO_PASSWORD },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

interface Cible {
  parcoursId: string;
  nom: string;
  prenoms: string;
}

/** One of accompagnateur.paris's people, in parcours, without consent to share with the SIAO. */
async function personneSansConsentementSiao(request: APIRequestContext): Promise<Cible> {
  const token = await bearer(request, ACCOUNTS.accompagnateurParis);
  const headers = { Authorization: `Bearer ${token}` };
  const structures = (await (await request.get('/api/v1/structures?type=partenaire&domaine=logement&limit=200', { headers })).json()) as {
    items: { id: string; nom: string }[];
  };
  const siao = structures.items.find((structure) => structure.nom === 'SIAO de Paris');
  expect(siao, 'SIAO de Paris dans l’annuaire').toBeDefined();
  const caseload = (await (await request.get('/api/v1/parcours?limit=200', { headers })).json()) as {
    items: { parcours_id: string; salarie_id: string; nom: string; prenoms: string; statut: string }[];
  };
  for (const row of caseload.items.filter((item) => item.statut === 'en_cours' || item.statut === 'accueil')) {
    const consentements = (await (await request.get(`/api/v1/salaries/${row.salarie_id}/consentements`, { headers })).json()) as {
      type: string;
      partenaire_id: string | null;
      actif: boolean;
    }[];
    if (!consentements.some((c) => c.actif && c.type === 'partage_partenaire' && c.partenaire_id === siao?.id)) {
      return { parcoursId: row.parcours_id, nom: row.nom, prenoms: row.prenoms };
    }
  }
  throw new Error('Aucune personne sans consentement pour le SIAO dans la file active de accompagnateur.paris');
}

/** A second browser context with the same device as the project (phone or desktop). */
async function newContextLike(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const use = testInfo.project.use;
  return browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    userAgent: use.userAgent,
    locale: use.locale,
    timezoneId: use.timezoneId,
  });
}

test.describe('orientations', () => {
  test('aller-retour : orienter, consentir, envoyer ; le partenaire accepte et répond', async ({ page, browser, request }, testInfo) => {
    test.setTimeout(120_000);
    const cible = await personneSansConsentementSiao(request);
    const motif = `Hébergement stable (${testInfo.project.name})`;
    const messagePartenaire = `Rendez-vous proposé mardi à 10 h (${testInfo.project.name}).`;

    // --- the caseworker prepares the orientation
    await loginAs(page, 'accompagnateurParis');
    await page.goto(`/orientations/nouvelle?parcours=${cible.parcoursId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Orienter une personne' })).toBeVisible();
    await expect(page.getByText(`${cible.prenoms} ${cible.nom}`)).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('combobox', { name: 'Domaine' }).selectOption('logement');
    const partenaire = page.getByRole('combobox', { name: 'Partenaire' });
    await expect(partenaire.locator('option', { hasText: 'SIAO de Paris' })).toHaveCount(1);
    await partenaire.selectOption({ label: `SIAO de Paris (SIAO (service intégré d'accueil et d'orientation))` });
    await page.getByRole('textbox', { name: 'Motif' }).fill(motif);
    await page.getByRole('radio', { name: 'Urgente' }).check();
    await page.getByRole('textbox', { name: 'Besoin' }).fill('Hébergée chez un tiers depuis deux mois, cherche une solution stable.');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    // --- no consent yet: the consent step
    await expect(page.getByRole('heading', { level: 2, name: 'Consentement de la personne' })).toBeVisible();
    await expect(page).toHaveURL(/brouillon=/);
    await expectNoAxeViolations(page);
    await page.getByRole('checkbox', { name: /accepte que les éléments choisis soient partagés avec SIAO de Paris/ }).check();
    await page.getByRole('button', { name: 'Enregistrer le consentement' }).click();

    // --- the preview: exactly what the partner will see
    await expect(page.getByRole('heading', { level: 2, name: 'Ce que le partenaire verra' })).toBeVisible();
    const apercu = page.getByRole('main');
    await expect(apercu.getByText(cible.nom, { exact: true })).toBeVisible();
    await expect(apercu.getByText('Hébergée chez un tiers depuis deux mois, cherche une solution stable.')).toBeVisible();
    // Contact details were not chosen: they are not shown.
    await expect(apercu.getByText('Téléphone', { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Envoyer à SIAO de Paris' }).click();

    await expect(page).toHaveURL(/\/orientations\/[0-9a-f-]{36}$/);
    const orientationUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('main').getByText('Envoyée', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Historique' })).toBeVisible();
    await expectNoAxeViolations(page);

    // --- the partner, in another browser context
    const partnerContext = await newContextLike(browser, testInfo);
    try {
      const partner = await partnerContext.newPage();
      await loginAs(partner, 'partenaireSiao');
      await partner.goto('/espace');
      await expect(partner).toHaveURL(/\/orientations$/);
      await expect(partner.getByRole('heading', { level: 1, name: 'Orientations reçues' })).toBeVisible();
      const nav = await openNavigation(partner);
      await expect(nav.getByRole('link', { name: 'Orientations', exact: true })).toBeVisible();
      if (await partner.getByRole('button', { name: 'Fermer le menu' }).isVisible()) await partner.getByRole('button', { name: 'Fermer le menu' }).click();
      await partner.getByRole('combobox', { name: 'Statut' }).selectOption('envoyee');
      await expect(partner).toHaveURL(/statut=envoyee/);
      await expectNoAxeViolations(partner);
      const row = partner.getByRole('row').filter({ hasText: motif });
      await expect(row).toHaveCount(1);
      await row.getByRole('link', { name: `${cible.prenoms} ${cible.nom}` }).click();

      await expect(partner.getByRole('heading', { level: 1, name: `${cible.prenoms} ${cible.nom}` })).toBeVisible();
      await expect(partner.getByRole('heading', { level: 2, name: 'Ce que la personne a accepté de partager' })).toBeVisible();
      await expectNoAxeViolations(partner);
      await partner.getByRole('textbox', { name: /Commentaire/ }).fill('Premier rendez-vous mardi.');
      await partner.getByRole('button', { name: 'Accepter', exact: true }).click();
      await expect(partner.getByRole('main').getByText('Acceptée', { exact: true }).first()).toBeVisible();
      await expect(partner.getByRole('heading', { level: 2, name: 'Suite de l’accompagnement' })).toBeVisible();

      await partner.getByRole('textbox', { name: 'Votre message' }).fill(messagePartenaire);
      await partner.getByRole('button', { name: 'Envoyer le message' }).click();
      await expect(partner.getByRole('list', { name: 'Fil des messages' }).getByText(messagePartenaire)).toBeVisible();
      await expectNoAxeViolations(partner);
    } finally {
      await partnerContext.close();
    }

    // --- back to the caseworker: the answer and the message
    await page.goto(orientationUrl);
    await expect(page.getByRole('main').getByText('Acceptée', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('Premier rendez-vous mardi.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Fil des messages' }).getByText(messagePartenaire)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Annulation', exact: true })).toBeVisible();
    await expectNoAxeViolations(page);

    // The list shows it accepted, filtered through the URL.
    await page.goto('/orientations?statut=acceptee');
    await expect(page.getByRole('row').filter({ hasText: motif })).toHaveCount(1);
    await expectNoAxeViolations(page);
  });

  test('le·la chargé·e de partenariat voit le SIAO de Paris dans le tableau des partenaires', async ({ page }) => {
    await page.goto('/connexion?retour=%2Forientations%2Fpartenaires');
    await submitCredentials(page, PARTENARIAT_PARIS);
    await expect(page).toHaveURL(/\/orientations\/partenaires$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Partenaires' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Réponses des partenaires aux orientations' });
    const siao = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'SIAO de Paris' }) });
    await expect(siao).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 2, name: 'Jamais sollicités' })).toBeVisible();
    const nav = await openNavigation(page);
    await expect(nav.getByRole('link', { name: 'Partenaires', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Orientations', exact: true })).toBeVisible();
    if (await page.getByRole('button', { name: 'Fermer le menu' }).isVisible()) await page.getByRole('button', { name: 'Fermer le menu' }).click();
    await expectNoAxeViolations(page);
  });
});
