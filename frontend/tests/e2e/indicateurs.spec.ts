import { readFile } from 'node:fs/promises';

import { type APIRequestContext, type Page, type Response, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, loginAs } from './session';

/*
 * The indicators page against the real API on the demo data: the figures shown
 * are those the API answers (never hard-coded: the demo data grows), a FAS
 * office sees its territoire only, with small counts masked.
 */

const MASQUE = '< 11';
const BROCHURE = ['public_rue', 'sorties_dynamiques', 'en_logement', 'sante_amelioree', 'droits_accrus'] as const;

interface Indicateur {
  code: string;
  libelle: string;
  numerateur: number | null;
  denominateur: number | null;
  taux: number | null;
  masque: boolean;
  /** Why a hidden count is hidden: small ("< 11") or in complement ("masqué"). */
  masquage_numerateur: string | null;
  masquage_denominateur: string | null;
}

interface Cellule {
  cle: string | null;
  libelle: string;
  indicateurs: Indicateur[];
  sorties_par_motif: { nombre: number | null; masque: boolean }[];
  orientations_par_domaine: { nombre: number | null; masque: boolean }[];
}

interface IndicateursOut {
  masquage: boolean;
  total: Cellule;
  groupes: Cellule[];
}

const entier = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const pourcent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

function compte(valeur: number | null, masque: boolean, masquage: string | null = null): string {
  if (valeur === null) return masque ? (masquage === 'complementaire' ? 'masqué' : MASQUE) : '—';
  return entier.format(valeur);
}

function taux(indicateur: Indicateur): string {
  return indicateur.taux === null ? '—' : pourcent.format(indicateur.taux);
}

function fraction(indicateur: Indicateur): string {
  const numerateur = compte(indicateur.numerateur, indicateur.masque, indicateur.masquage_numerateur);
  if (indicateur.denominateur === null && indicateur.masquage_denominateur === null) return numerateur;
  return `${numerateur} / ${compte(indicateur.denominateur, indicateur.masque, indicateur.masquage_denominateur)}`;
}

function indicateur(cellule: Cellule, code: string): Indicateur {
  const found = cellule.indicateurs.find((item) => item.code === code);
  if (found === undefined) throw new Error(`indicateur ${code} absent de la réponse`);
  return found;
}

/** A select of the filters, by its label. */
function champ(page: Page, label: string) {
  return page.getByRole('combobox', { name: label, exact: true });
}

async function bearer(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username, password: DEMO_PASSWORD } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The page's request of the selected scope and period (a year, no grouping). */
function estRequetePrincipale(response: Response): boolean {
  const url = new URL(response.url());
  return url.pathname === '/api/v1/indicateurs' && !url.searchParams.has('groupe_par') && response.request().method() === 'GET';
}

function estRequeteTendance(response: Response): boolean {
  const url = new URL(response.url());
  return url.pathname === '/api/v1/indicateurs' && url.searchParams.get('groupe_par') === 'annee';
}

/** The same address asked again with the reader's own token: what the API answers, independently of the page. */
async function reponseApi(request: APIRequestContext, token: string, response: Response): Promise<IndicateursOut> {
  expect(response.ok(), `${response.url()} → ${response.status()}`).toBeTruthy();
  const url = new URL(response.url());
  const again = await request.get(`${url.pathname}${url.search}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(again.ok(), await again.text()).toBeTruthy();
  return (await again.json()) as IndicateursOut;
}

/** The five big figures show the API's rate and numerator / denominator. */
async function expectChiffresCles(page: Page, total: Cellule): Promise<void> {
  for (const code of BROCHURE) {
    const attendu = indicateur(total, code);
    const carte = page.getByRole('article', { name: attendu.libelle, exact: true });
    await expect(carte.locator('[data-role="taux"]')).toContainText(taux(attendu));
    await expect(carte.locator('[data-role="fraction"]')).toHaveText(`${fraction(attendu)} ${code === 'public_rue' ? 'parcours' : 'sorties'}`);
  }
}

/** Each year of the trend table shows the API's number of parcours and brochure rates. */
async function expectTendance(page: Page, tendance: IndicateursOut): Promise<void> {
  const tableau = page.getByRole('region', { name: /^Indicateurs par année de sortie/ });
  for (const annee of tendance.groupes) {
    const ligne = tableau.getByRole('row').filter({ has: page.getByRole('rowheader', { name: annee.libelle, exact: true }) });
    const cellules = ligne.getByRole('cell');
    await expect(cellules.nth(0)).toHaveText(compte(indicateur(annee, 'effectif').numerateur, indicateur(annee, 'effectif').masque, indicateur(annee, 'effectif').masquage_numerateur));
    for (const [index, code] of BROCHURE.entries()) {
      const attendu = indicateur(annee, code);
      await expect(cellules.nth(index + 1)).toContainText(taux(attendu));
      await expect(cellules.nth(index + 1)).toContainText(fraction(attendu));
    }
  }
}

/** Clicks an export button and reads the file the browser saves. */
async function telecharger(page: Page, bouton: string): Promise<{ nom: string; contenu: Buffer }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: bouton, exact: true }).click();
  const fichier = await download;
  const chemin = await fichier.path();
  return { nom: fichier.suggestedFilename(), contenu: await readFile(chemin) };
}

/** The rows of a CSV export (UTF-8 with BOM, semicolons, CRLF). */
function lignesCsv(contenu: Buffer): string[][] {
  const texte = contenu.toString('utf8');
  expect(texte.startsWith('\ufeff'), 'BOM UTF-8 pour Excel').toBe(true);
  return texte
    .slice(1)
    .split('\r\n')
    .filter((ligne) => ligne !== '')
    .map((ligne) => ligne.split(';'));
}

test.describe('indicateurs', () => {
  test('admin : les chiffres affichés sont ceux de l’API', async ({ page, request }) => {
    await loginAs(page, 'admin');
    const token = await bearer(request, ACCOUNTS.admin);
    const principale = page.waitForResponse(estRequetePrincipale);
    const tendance = page.waitForResponse(estRequeteTendance);
    await page.goto('/indicateurs');
    await expect(page.getByRole('heading', { level: 1, name: 'Indicateurs' })).toBeVisible();

    const annuelle = await reponseApi(request, token, await tendance);
    const reponse = await principale;
    const periode = new URL(reponse.url()).searchParams;
    // The default period is a whole calendar year of exits, written in the address.
    const annee = periode.get('periode_sortie_debut')?.slice(0, 4) ?? '';
    expect(periode.get('periode_sortie_debut')).toBe(`${annee}-01-01`);
    expect(periode.get('periode_sortie_fin')).toBe(`${annee}-12-31`);
    await expect(page).toHaveURL(new RegExp(`annee=${annee}`));
    await expect(champ(page, 'Année de sortie')).toHaveValue(annee);
    const donnees = await reponseApi(request, token, reponse);
    expect(donnees.masquage).toBe(false);

    await expect(page.getByTestId('perimetre-periode')).toHaveText(`National · Sorties de ${annee}`);
    if (indicateur(donnees.total, 'effectif').numerateur === 0) {
      await expect(page.getByText(/Aucun parcours pour cette période/)).toBeVisible();
    } else {
      await expectChiffresCles(page, donnees.total);
      const sorties = page.getByRole('region', { name: 'Nombre et part des sorties par catégorie et motif' });
      await expect(sorties.getByRole('row', { name: /^Sorties comptées/ }).getByRole('cell').first()).toHaveText(
        compte(indicateur(donnees.total, 'sorties').numerateur, false),
      );
    }
    await expectTendance(page, annuelle);
    await expect(page.getByText(MASQUE, { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page);

    // Another year with exits: the figures follow.
    const autre = annuelle.groupes.find((cellule) => cellule.cle !== annee && (indicateur(cellule, 'effectif').numerateur ?? 0) > 0);
    if (autre?.cle != null) {
      const suivante = page.waitForResponse(
        (response) => estRequetePrincipale(response) && new URL(response.url()).searchParams.get('periode_sortie_debut') === `${autre.cle}-01-01`,
      );
      await champ(page, 'Année de sortie').selectOption(autre.cle);
      const total = (await reponseApi(request, token, await suivante)).total;
      await expect(page.getByTestId('perimetre-periode')).toHaveText(`National · Sorties de ${autre.cle}`);
      await expectChiffresCles(page, total);
    }
  });

  test('FAS : son territoire seulement, petits effectifs masqués', async ({ page, request }) => {
    const adminToken = await bearer(request, ACCOUNTS.admin);
    const territoires = (await (await request.get('/api/v1/territoires?limit=200', { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as {
      items: { id: string; nom: string }[];
    };
    const lyon = territoires.items.find((territoire) => territoire.nom === 'Grand Lyon');
    expect(lyon, 'Grand Lyon dans les territoires de démonstration').toBeDefined();

    // The FAS office's home is its indicators.
    const principale = page.waitForResponse(estRequetePrincipale);
    const tendance = page.waitForResponse(estRequeteTendance);
    await loginAs(page, 'fasIdf');
    await expect(page).toHaveURL(/\/indicateurs/);
    await expect(page.getByRole('heading', { level: 1, name: 'Indicateurs' })).toBeVisible();
    const token = await bearer(request, ACCOUNTS.fasIdf);
    const donnees = await reponseApi(request, token, await principale);
    const annuelle = await reponseApi(request, token, await tendance);
    expect(donnees.masquage).toBe(true);

    await expect(page.getByTestId('perimetre-periode')).toHaveText(/^Paris · Sorties de \d{4}$/);
    await expect(page.getByTestId('legende-secret')).toContainText('Secret statistique');
    // Paris only: no territoire to choose, "all years" not offered under the secret.
    await expect(champ(page, 'Territoire')).toHaveCount(0);
    await expect(champ(page, 'Période').locator('option')).toHaveText(['Année de sortie', "Cohorte d'entrée"]);
    await expect(page.getByText('Grand Lyon')).toHaveCount(0);

    // The demo's small numbers are masked, and shown as "< 11" where the API hides them.
    const cellules = [donnees.total, ...annuelle.groupes];
    const masquees = cellules.flatMap((cellule) => [
      ...cellule.indicateurs.filter((item) => item.numerateur === null && item.masque),
      ...cellule.sorties_par_motif.filter((item) => item.nombre === null && item.masque),
    ]);
    expect(masquees.length, 'des effectifs masqués dans les réponses').toBeGreaterThan(0);
    await expect(page.getByText(MASQUE).first()).toBeVisible();
    if (indicateur(donnees.total, 'effectif').numerateur !== 0) await expectChiffresCles(page, donnees.total);
    await expectTendance(page, annuelle);
    await expectNoAxeViolations(page);

    // Another territoire, asked through the address: the API refuses, the page says why.
    await page.goto(`/indicateurs?territoire=${lyon?.id ?? ''}`);
    await expect(page.getByRole('alert').filter({ hasText: 'Territoire introuvable dans votre périmètre.' }).first()).toBeVisible();
  });

  test('financeur : indicateurs nationaux masqués, comparaison des territoires', async ({ page, request }) => {
    const principale = page.waitForResponse(estRequetePrincipale);
    await loginAs(page, 'financeur');
    await expect(page).toHaveURL(/\/indicateurs/);
    const token = await bearer(request, ACCOUNTS.financeur);
    const donnees = await reponseApi(request, token, await principale);
    expect(donnees.masquage).toBe(true);
    await expect(page.getByTestId('perimetre-periode')).toHaveText(/^National · Sorties de \d{4}$/);
    await expect(champ(page, 'Territoire')).toBeVisible();
    await expect(champ(page, 'Période').locator('option')).toHaveText(['Année de sortie', "Cohorte d'entrée"]);
    if (indicateur(donnees.total, 'effectif').numerateur !== 0) await expectChiffresCles(page, donnees.total);

    // An entry cohort instead of a year of exits.
    const cohorte = page.waitForResponse((response) => estRequetePrincipale(response) && new URL(response.url()).searchParams.has('cohorte_entree'));
    await champ(page, 'Période').selectOption("Cohorte d'entrée");
    const parCohorte = await reponseApi(request, token, await cohorte);
    await expect(page.getByTestId('perimetre-periode')).toHaveText(/^National · Parcours entrés en \d{4}$/);
    if (indicateur(parCohorte.total, 'effectif').numerateur !== 0) await expectChiffresCles(page, parCohorte.total);
    await expectNoAxeViolations(page);
  });

  test('admin : exports des indicateurs (CSV, Excel) et des parcours', async ({ page, request }) => {
    await loginAs(page, 'admin');
    const token = await bearer(request, ACCOUNTS.admin);
    const principale = page.waitForResponse(estRequetePrincipale);
    await page.goto('/indicateurs');
    const donnees = await reponseApi(request, token, await principale);
    await expect(page.getByRole('heading', { level: 2, name: 'Télécharger' })).toBeVisible();

    const csv = await telecharger(page, 'Indicateurs (CSV)');
    expect(csv.nom).toMatch(/^indicateurs-\d{4}-\d{2}-\d{2}\.csv$/);
    const lignes = lignesCsv(csv.contenu);
    expect(lignes[0]?.slice(0, 6)).toEqual(['Regroupement', 'Clé', 'Libellé', 'Indicateur', 'Code', 'Numérateur']);
    // The file holds the figures of the page's scope and period.
    for (const code of ['effectif', ...BROCHURE]) {
      const ligne = lignes.find((row) => row[0] === 'total' && row[4] === code);
      expect(ligne?.[5], `numérateur de ${code} dans le CSV`).toBe(String(indicateur(donnees.total, code).numerateur));
    }
    await expect(page.getByText('Téléchargement terminé')).toBeVisible();

    const xlsx = await telecharger(page, 'Indicateurs (Excel)');
    expect(xlsx.nom).toMatch(/^indicateurs-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(xlsx.contenu.subarray(0, 2).toString('latin1')).toBe('PK');

    const parcours = await telecharger(page, 'Liste des parcours (CSV)');
    expect(parcours.nom).toMatch(/^parcours-.*\.csv$/);
    const lignesParcours = lignesCsv(parcours.contenu);
    expect(lignesParcours[0]?.slice(0, 3)).toEqual(['Parcours', 'Nom', 'Prénoms']);
    expect(lignesParcours.length).toBeGreaterThan(1);
  });

  test('FAS : l’export CSV applique le secret statistique', async ({ page }) => {
    await loginAs(page, 'fasIdf');
    await expect(page.getByRole('heading', { level: 2, name: 'Télécharger' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Liste des parcours (CSV)' })).toHaveCount(0);
    const csv = await telecharger(page, 'Indicateurs (CSV)');
    const lignes = lignesCsv(csv.contenu);
    expect(lignes.some((row) => row[8] === 'oui' && (row[5] === MASQUE || row[6] === MASQUE))).toBe(true);
    expect(lignes.some((row) => row[2] === 'Grand Lyon')).toBe(false);
  });

  test('évaluateur : le jeu de données d’évaluation, ses colonnes et son téléchargement', async ({ page }) => {
    await loginAs(page, 'evaluateur');
    await expect(page).toHaveURL(/\/evaluation$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Évaluation' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Colonnes du jeu de données d’évaluation' })).toContainText('pseudonyme');
    await expectNoAxeViolations(page);

    const csv = await telecharger(page, 'Jeu de données d’évaluation (CSV)');
    expect(csv.nom).toMatch(/^evaluation-\d{4}-\d{2}-\d{2}\.csv$/);
    const entete = lignesCsv(csv.contenu)[0] ?? [];
    expect(entete.slice(0, 3)).toEqual(['pseudonyme', 'tranche_age_entree', 'sexe']);
    expect(entete).not.toContain('nom');
  });
});
