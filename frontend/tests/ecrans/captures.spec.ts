import { type Page, expect, test } from '@playwright/test';

import { loginAs, openNavigation } from '../e2e/session';

/*
 * The screenshots of docs/ecrans/ (README there): the À faire, a person's summary and each
 * step of the enrolment, at 1280×800 and 390×844. Run by `make ecrans`.
 */

const SIZES = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
];
const DIR = '../docs/ecrans';

test.use({ actionTimeout: 15_000 });

async function shoot(page: Page, name: string, size: string) {
  // A page at rest: no loader, no animation running.
  await expect(page.locator('main [role="status"] .mantine-Loader-root')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  await page.screenshot({ path: `${DIR}/${name}-${size}.png` });
}

async function menu(page: Page, label: string) {
  const nav = await openNavigation(page);
  // "À faire" carries the count of what is new.
  await nav.getByRole('link', { name: new RegExp(`^${label}`) }).first().click();
}

test('captures d’écran', async ({ page }) => {
  test.setTimeout(240_000);
  let diagnostic = '';
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await loginAs(page, 'accompagnateurParis');
    await menu(page, 'À faire');
    await expect(page.getByRole('heading', { level: 1, name: 'À faire' })).toBeVisible();
    await shoot(page, 'a-faire', size.name);

    await menu(page, 'Salariés');
    await page.getByRole('main').locator('a[href^="/parcours/"]:not([href="/parcours/nouveau"])').first().click();
    await expect(page.getByRole('heading', { level: 2, name: 'Prochaines échéances' })).toBeVisible();
    await shoot(page, 'synthese', size.name);

    await menu(page, 'Salariés');
    await page.getByRole('link', { name: 'Accueillir une personne' }).first().click();
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Exemple');
    await page.getByRole('textbox', { name: 'Prénoms' }).fill('Camille');
    await page.getByLabel('Date de naissance').fill('1984-03-12');
    await shoot(page, 'accueil-1-identite', size.name);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('checkbox', { name: /notice d'information a été remise/ }).check();
    await shoot(page, 'accueil-2-consentements', size.name);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('combobox', { name: 'Prescripteur', exact: true }).selectOption({ label: 'Maraude' });
    await page.getByLabel("Logement à l'entrée").selectOption({ label: 'Sans abri' });
    await shoot(page, 'accueil-3-parcours', size.name);
    if (diagnostic === '') {
      await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
      await expect(page.getByText('Domaine 1 sur 10 : Logement')).toBeVisible();
      diagnostic = new URL(page.url()).pathname + new URL(page.url()).search;
    } else {
      await page.getByRole('button', { name: 'Abandonner cet accueil' }).click();
      await page.goto(diagnostic);
    }
    await page.getByRole('radiogroup', { name: 'Niveau de frein : Logement' }).getByRole('radio', { name: 'Bloquant (3)' }).check();
    await shoot(page, 'accueil-4-diagnostic', size.name);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
  }
});
