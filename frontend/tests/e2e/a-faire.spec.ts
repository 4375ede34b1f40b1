import { type APIRequestContext, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, loginAs, openNavigation } from './session';

/*
 * À faire as the caseworker's inbox: an orientation they sent is answered by the partner;
 * after one refresh the answer is in À faire, marked new, counted in the title and the menu,
 * and marked "Nouvelle réponse" in the orientations list; once marked as seen it is no
 * longer new. The orientation and the answer go through the API (the round trip in the
 * browser is orientations.spec.ts); what is checked here is what the caseworker sees.
 */

async function bearer(request: APIRequestContext, username: string): Promise<Record<string, string>> {
  const response = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username, password: DEMO_PASSWORD } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return { Authorization: `Bearer ${((await response.json()) as { access_token: string }).access_token}` };
}

/** An orientation of one of accompagnateur.paris's people to the SIAO, sent, then accepted. */
async function orientationAcceptee(request: APIRequestContext, motif: string): Promise<string> {
  const headers = await bearer(request, ACCOUNTS.accompagnateurParis);
  const moi = (await (await request.get('/api/v1/moi', { headers })).json()) as { id: string };
  const structures = (await (await request.get('/api/v1/structures?type=partenaire&domaine=logement&limit=200', { headers })).json()) as {
    items: { id: string; nom: string }[];
  };
  const siao = structures.items.find((structure) => structure.nom === 'SIAO de Paris');
  expect(siao).toBeDefined();
  const caseload = (await (await request.get(`/api/v1/parcours?limit=200&referent_id=${moi.id}`, { headers })).json()) as {
    items: { parcours_id: string; salarie_id: string; nom: string; prenoms: string; statut: string }[];
  };
  // Prefer a person who already consented to share with the SIAO: the people without that
  // consent are the other specs' (each run of the round trip records one).
  const enCours = caseload.items.filter((item) => item.statut === 'en_cours');
  let row: (typeof enCours)[number] | undefined;
  for (const item of enCours) {
    const consentements = (await (await request.get(`/api/v1/salaries/${item.salarie_id}/consentements`, { headers })).json()) as {
      type: string;
      partenaire_id: string | null;
      actif: boolean;
    }[];
    if (consentements.some((c) => c.actif && c.type === 'partage_partenaire' && c.partenaire_id === siao?.id)) {
      row = item;
      break;
    }
  }
  if (row === undefined) {
    row = enCours.at(-1);
    expect(row).toBeDefined();
    const consent = await request.post(`/api/v1/salaries/${row?.salarie_id}/consentements`, {
      headers,
      data: { type: 'partage_partenaire', partenaire_id: siao?.id, date_recueil: new Date().toISOString().slice(0, 10) },
    });
    expect(consent.ok(), await consent.text()).toBeTruthy();
  }
  const draft = await request.post('/api/v1/orientations', {
    headers,
    data: { parcours_id: row?.parcours_id, partenaire_id: siao?.id, domaine: 'logement', motif, besoin: 'Hébergement stable.', partage: ['identite', 'besoin'] },
  });
  expect(draft.status(), await draft.text()).toBe(201);
  const id = ((await draft.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/orientations/${id}/envoi`, { headers })).ok()).toBeTruthy();
  const partner = await bearer(request, ACCOUNTS.partenaireSiao);
  const accepted = await request.post(`/api/v1/orientations/${id}/acceptation`, { headers: partner, data: { commentaire: 'Rendez-vous mardi.' } });
  expect(accepted.ok(), await accepted.text()).toBeTruthy();
  return `${row?.prenoms} ${row?.nom}`;
}

test('@bureau la réponse du partenaire arrive dans À faire, nouvelle, puis vue', async ({ page, request }) => {
  test.setTimeout(60_000);
  // Whatever was there before is seen (marked through the API: the page's button shows only
  // once the inbox has loaded, too late for a check made at once): the answer to come is the
  // only news.
  const vu = await request.post('/api/v1/a-faire/vu', { headers: await bearer(request, ACCOUNTS.accompagnateurParis) });
  expect(vu.ok(), await vu.text()).toBeTruthy();
  await loginAs(page, 'accompagnateurParis');
  await expect(page.getByRole('heading', { level: 1, name: 'À faire' })).toBeVisible();

  const motif = `Hébergement (${Date.now()})`;
  const nom = await orientationAcceptee(request, motif);
  await page.reload();

  const personne = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: nom }) });
  const reponse = personne.getByRole('listitem').filter({ hasText: `SIAO de Paris a accepté l'orientation « ${motif} »` });
  await expect(reponse).toBeVisible();
  await expect(reponse.getByText('Nouveau', { exact: true })).toBeVisible();
  await expect(page.getByTestId('a-faire-nouveaux')).toHaveText('1 nouveauté');
  await expect(page).toHaveTitle(/^\(1\) À faire/);
  const nav = await openNavigation(page);
  await expect(nav.getByRole('link', { name: /À faire\s*1 nouveauté/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // The orientations list marks the unread answer.
  await nav.getByRole('link', { name: 'Orientations', exact: true }).click();
  const ligne = page.getByRole('row').filter({ hasText: motif });
  await expect(ligne.getByText('Nouvelle réponse')).toBeVisible();

  // Seen: no longer new.
  await (await openNavigation(page)).getByRole('link', { name: /À faire/ }).click();
  await page.getByRole('button', { name: 'Tout marquer comme vu' }).click();
  await expect(reponse).toBeVisible();
  await expect(reponse.getByText('Nouveau', { exact: true })).toHaveCount(0);
  await expect(page).toHaveTitle(/^À faire/);
  await (await openNavigation(page)).getByRole('link', { name: 'Orientations', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: motif })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: motif }).getByText('Nouvelle réponse')).toHaveCount(0);
});
