import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';

import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, loginAs, openNavigation } from './session';

/*
 * Personal data: the coordinateur opens a person's "Données personnelles", sees who
 * accessed the file, hands the person their data (HTML and JSON) and erases it after a
 * confirmation that names what remains. Also: the retention status page, the printable
 * notice, and what an accompagnateur sees (no erasure).
 */

test.use({ actionTimeout: 10_000 });

async function bearer(request: APIRequestContext, username: string): Promise<Record<string, string>> {
  const response = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'password', username, password: DEMO_PASSWORD },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
  const body = (await response.json()) as { access_token: string };
  return { Authorization: `Bearer ${body.access_token}` };
}

/** "YYYY-MM-DD", `days` days from today (negative: in the past). */
function jour(days: number): string {
  const date = new Date();
  date.setHours(12, 0, 0, 0);
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

interface Personne {
  parcoursId: string;
  nom: string;
}

/** A person of the Ateliers de Belleville whose parcours is closed, with a sent orientation. */
async function personneSortie(request: APIRequestContext): Promise<Personne> {
  const headers = await bearer(request, ACCOUNTS.coordinateurParis);
  const post = async (url: string, data: object, status = 200) => {
    const response = await request.post(url, { headers, data });
    expect(response.status(), await response.text()).toBe(status);
    return (await response.json()) as Record<string, unknown> & { id: string };
  };
  const structures = (await (await request.get('/api/v1/structures?limit=200', { headers })).json()) as { items: { id: string; nom: string }[] };
  const id = (nom: string) => structures.items.find((s) => s.nom === nom)?.id ?? '';
  const nom = `Effaçable-${Date.now().toString(36)}`;
  const salarie = await post('/api/v1/salaries', { chantier_id: id('Ateliers de Belleville'), nom, prenoms: 'Camille', date_naissance: '1979-06-02', telephone: '06 11 22 33 44', confirm_distinct: true }, 201);
  await post(`/api/v1/salaries/${salarie.id}/consentements`, { type: 'partage_partenaire', partenaire_id: id('SIAO de Paris'), date_recueil: jour(-200) }, 201);
  const parcours = await post(
    '/api/v1/parcours',
    { salarie_id: salarie.id, chantier_id: id('Ateliers de Belleville'), date_entree: jour(-200), prescripteur: 'maraude', parcours_de_rue: true, duree_rue_mois: 12, logement_entree: 'sans_abri' },
    201,
  );
  const base = `/api/v1/parcours/${parcours.id}`;
  const diagnostic = (etape: string, date: string) => post(`${base}/diagnostics`, { etape, date, valider: true, domaines: [{ domaine: 'logement', niveau: 3, situations: ['sans_abri'] }] }, 201);
  await diagnostic('entree', jour(-199));
  await post(`${base}/demarrage`, { date: jour(-190) });
  await post(`${base}/contrats`, { date_debut: jour(-190), date_fin: jour(-70), heures_hebdo: '20' }, 201);
  const orientation = await post('/api/v1/orientations', { parcours_id: parcours.id, partenaire_id: id('SIAO de Paris'), domaine: 'logement', motif: 'Hébergement', partage: ['identite', 'besoin'] }, 201);
  await post(`/api/v1/orientations/${orientation.id}/envoi`, {});
  await diagnostic('sortie', jour(-60));
  await post(`${base}/sortie`, { date: jour(-60), motif: 'chomage', logement_sortie: 'chu' });
  await post(`${base}/cloture`, { date: jour(-30) });
  return { parcoursId: parcours.id, nom };
}

function onglet(page: Page) {
  return page.getByRole('tab', { name: 'Données personnelles', exact: true });
}

test.describe('données personnelles', () => {
  test('le coordinateur remet ses données à une personne, puis les efface', { tag: '@bureau' }, async ({ page, request }) => {
    // Desktop project only: the person is erased, once per suite.
    test.setTimeout(120_000);
    const personne = await personneSortie(request);
    await loginAs(page, 'coordinateurParis');
    await page.goto(`/parcours/${personne.parcoursId}`);
    await expect(page.getByRole('heading', { level: 1, name: `Camille ${personne.nom}` })).toBeVisible();
    await page.getByRole('tab', { name: 'Dossier', exact: true }).click();
    await onglet(page).click();
    await expect(page).toHaveURL(/onglet=donnees/);

    // Consents and the access history: the file's creation and readings, by name.
    await expect(page.getByRole('heading', { level: 2, name: 'Consentements' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Consentements de la personne' })).toContainText('Partage avec un partenaire : SIAO de Paris');
    const historique = page.getByRole('region', { name: 'Historique des accès au dossier' });
    await expect(historique.getByRole('row').filter({ hasText: 'Transmission à un partenaire' })).toBeVisible();
    await expect(historique.getByRole('row').filter({ hasText: 'Création' }).first()).toBeVisible();
    await expect(historique.getByRole('row').filter({ hasText: 'Coordinateur·rice de territoire' }).first()).toBeVisible();
    await expectNoAxeViolations(page);

    // The export handed to the person: a printable HTML document, and the JSON.
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Document à remettre (HTML imprimable)' }).click()]);
    expect(html.suggestedFilename()).toMatch(/^donnees-personnelles-\d{4}-\d{2}-\d{2}\.html$/);
    const document = await readFile(await html.path(), 'utf8');
    expect(document).toContain('Vos données personnelles dans Convergence');
    expect(document).toContain(personne.nom);
    expect(document).toContain('SIAO de Paris');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Données complètes (JSON)' }).click()]);
    const donnees = JSON.parse(await readFile(await json.path(), 'utf8')) as { identite: { nom: string }; divulgations: unknown[] };
    expect(donnees.identite.nom).toBe(personne.nom);
    expect(donnees.divulgations).toHaveLength(1);
    await expect(historique.getByRole('row').filter({ hasText: 'Export' }).first()).toBeVisible();

    // Erasure: the confirmation names what remains, and waits for the word.
    await page.getByRole('button', { name: 'Effacer les données de la personne' }).click();
    const dialog = page.getByRole('dialog', { name: 'Effacer définitivement les données de cette personne ?' });
    await expect(dialog).toBeVisible();
    const restera = dialog.getByRole('list', { name: 'Ce qui restera' });
    await expect(restera).toContainText('Fiches statistiques sans nom');
    await expect(restera).toContainText('Contrats sans nom (obligation légale)');
    await expect(restera).toContainText('Copies déjà transmises aux partenaires');
    await expect(dialog.getByRole('list', { name: 'Ce qui sera supprimé' })).toContainText('Identité et coordonnées : 1');
    await expect(dialog).toContainText('Partenaires prévenus : SIAO de Paris.');
    const confirmer = dialog.getByRole('button', { name: 'Effacer définitivement' });
    await expect(confirmer).toBeDisabled();
    await dialog.getByLabel("Motif de l'effacement").selectOption({ label: 'Demande de la personne' });
    await dialog.getByRole('textbox', { name: 'Pour confirmer, recopiez EFFACER' }).fill('EFFACER');
    await expectNoAxeViolations(page);
    await confirmer.click();
    await expect(page).toHaveURL(/\/parcours$/);
    await expect(page.getByText('Données effacées')).toBeVisible();

    // The person is gone.
    await page.goto(`/parcours/${personne.parcoursId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Parcours introuvable' })).toBeVisible();
  });

  test('conservation des données par territoire et notice imprimable', async ({ page }) => {
    await loginAs(page, 'coordinateurParis');
    const navigation = await openNavigation(page);
    await navigation.getByRole('link', { name: 'Conservation des données' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Conservation des données' })).toBeVisible();
    const tableau = page.getByRole('region', { name: 'Dossiers par territoire et échéance de conservation' });
    await expect(tableau.getByRole('rowheader', { name: 'Paris' })).toBeVisible();
    await expect(tableau.getByRole('columnheader', { name: 'Limite atteinte sous 30 jours' })).toBeVisible();
    // Away from the link: axe checks the page at rest, not the pointer's hover colours.
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: "La notice d'information remise aux personnes" }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vos informations personnelles dans le programme Convergence' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Vos droits' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Imprimer la notice' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("l'accompagnateur voit l'historique des accès mais n'efface pas", async ({ page }) => {
    await loginAs(page, 'accompagnateurParis');
    await page.goto('/parcours');
    await expect(page.getByRole('heading', { level: 1, name: 'Salariés' })).toBeVisible();
    await page.locator('a[href^="/parcours/"]').filter({ hasNotText: /Accueillir/ }).first().click();
    await expect(page).toHaveURL(/\/parcours\/[0-9a-f-]{36}/);
    await page.getByRole('tab', { name: 'Dossier', exact: true }).click();
    await onglet(page).click();
    await expect(page.getByRole('region', { name: 'Historique des accès au dossier' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Document à remettre (HTML imprimable)' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Effacer les données de la personne' })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});
