import { type Page, expect, test } from '@playwright/test';

import { type Account, loginAs, openNavigation } from './session';

/*
 * No code, id or English word reaches the screen (UI.md). Each demo role signs in once and
 * opens every page of its menu, then, on list pages, the first record (a person and each of
 * its tabs, an orientation, a convention, a structure, a territoire, a user); the visible text
 * of `main` must hold no snake_case code and no UUID.
 * directionLyon is left out: auth.spec.ts enrols its TOTP.
 */

const ROLES: Account[] = ['accompagnateurParis', 'directionParis', 'coordinateurParis', 'admin', 'partenaireSiao', 'financeur', 'fasIdf', 'evaluateur'];

const CODE = /\b[a-z]+_[a-z_]+\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Text that looks like a code but is meant to be read, each with its reason. */
const ALLOWED: { pattern: RegExp; reason: string }[] = [
  // The e-mail addresses of the demo accounts (first.last@…, no_reply…): they are contact details.
  { pattern: /[\w.+-]+@[\w-]+(\.[\w-]+)+/g, reason: 'adresses e-mail' },
  // The API scopes an administrator grants to a client are named as the API documents them.
  { pattern: /\b(?:orientations|indicateurs|exports|salaries|parcours|structures|conventions|webhooks|emplois):[a-z_]+\b/g, reason: "portées d'un client d'API" },
  // OAuth 2's name of the identifier the partner's developer types in its software.
  { pattern: /\(client_id\)/g, reason: 'nom du paramètre OAuth 2' },
];

/** Elements whose text is a code on purpose. */
const ALLOWED_ELEMENTS: { selector: string; reason: string }[] = [
  // The evaluation dataset's column names: the evaluator reads them as the CSV file's header.
  { selector: '[role="region"][aria-label^="Colonnes du jeu de données"] th[scope="row"]', reason: 'en-têtes du fichier CSV' },
  // The history import's columns and values: what the coordinator types in the spreadsheet.
  { selector: '[data-code-fichier]', reason: 'colonnes et valeurs du gabarit d’import' },
];

/** The detail pages worth opening from a list: the first link of each kind, once per role. */
const DETAILS: { name: string; href: RegExp }[] = [
  { name: 'personne', href: /^\/parcours\/[0-9a-f-]{36}$/ },
  { name: 'orientation', href: /^\/orientations\/[0-9a-f-]{36}$/ },
  { name: 'convention', href: /^\/conventions\/[0-9a-f-]{36}$/ },
  { name: 'structure', href: /^\/structures\/[0-9a-f-]{36}$/ },
  { name: 'territoire', href: /^\/territoires\/[0-9a-f-]{36}$/ },
  { name: 'utilisateur', href: /^\/administration\/utilisateurs\/[0-9a-f-]{36}$/ },
];

test.use({ actionTimeout: 10_000 });

/** The page is shown: a title, and no loader left in `main`. */
async function settled(page: Page) {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('main [role="status"] .mantine-Loader-root')).toHaveCount(0, { timeout: 30_000 });
}

async function rawCodes(page: Page): Promise<string[]> {
  let text = await page.locator('main').innerText();
  for (const allowed of ALLOWED_ELEMENTS) {
    for (const element of await page.locator(`main ${allowed.selector}`).allInnerTexts()) text = text.replace(element, ' ');
  }
  for (const allowed of ALLOWED) text = text.replace(allowed.pattern, ' ');
  return [...new Set([...(text.match(CODE) ?? []), ...(text.match(UUID) ?? [])])];
}

async function hrefs(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}

test.describe('écrans', () => {
  test('aucun code ni identifiant brut à l’écran, pour chaque rôle', { tag: '@bureau' }, async ({ page }) => {
    test.setTimeout(150_000);
    const found: string[] = [];
    const seen = new Set<string>();
    const check = async (where: string) => {
      await settled(page);
      const codes = await rawCodes(page);
      if (codes.length > 0) found.push(`${where} (${page.url()}): ${codes.join(', ')}`);
    };

    for (const role of ROLES) {
      await loginAs(page, role);
      await openNavigation(page);
      const menu = (await hrefs(page, 'nav[aria-label="Navigation principale"] a[href^="/"]')).filter((href) => href !== '/mon-compte');
      const opened = new Set<string>();
      for (const entry of [...new Set(menu)]) {
        await clickMenu(page, entry);
        await check(`${role} ${entry}`);
        for (const detail of DETAILS) {
          if (opened.has(detail.name)) continue;
          const link = (await hrefs(page, 'main a[href^="/"]')).find((href) => detail.href.test(href));
          if (link === undefined) continue;
          opened.add(detail.name);
          seen.add(detail.name);
          await page.locator(`main a[href="${link}"]`).first().click();
          await check(`${role} ${detail.name}`);
          if (detail.name === 'personne') {
            const tabs = page.getByRole('tab');
            const labels = await tabs.allInnerTexts();
            for (const label of labels) {
              await page.getByRole('tab', { name: label, exact: true }).click();
              await check(`${role} personne › ${label}`);
            }
          }
          await clickMenu(page, entry);
          await settled(page);
        }
      }
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
    }
    // The walk reached a record of every kind (an empty list would make the scan vacuous).
    expect([...seen].sort()).toEqual(DETAILS.map((detail) => detail.name).sort());
    expect(found, 'codes ou identifiants bruts visibles').toEqual([]);
  });
});

async function clickMenu(page: Page, href: string) {
  const nav = await openNavigation(page);
  await nav.locator(`a[href="${href}"]`).first().click();
}
