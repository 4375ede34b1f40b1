import { type Page, expect, test } from '@playwright/test';

import { loginAs, logout, openNavigation } from './session';

/*
 * A statut is never cut: in the lists of people, orientations and conventions, at 1280 px
 * and at 390 px wide, no badge's text is wider than the badge (nor its label than itself).
 */

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

async function cutBadges(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('main .mantine-Badge-root, main .mantine-Badge-label'))
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.textContent ?? ''} (${element.scrollWidth} > ${element.clientWidth})`),
  );
}

/** Opens a list from the menu and measures its badges once the statuts are shown. */
async function visit(page: Page, menu: string, heading: string): Promise<void> {
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: menu, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.locator('main [data-statut]').first()).toBeVisible();
  expect(await cutBadges(page), `${menu} at ${page.viewportSize()?.width ?? 0} px`).toEqual([]);
}

for (const size of SIZES) {
  test(`@bureau aucun statut coupé à ${size.width} px`, async ({ page }) => {
    await page.setViewportSize(size);
    await loginAs(page, 'accompagnateurParis');
    await visit(page, 'Salariés', 'Salariés');
    await visit(page, 'Orientations', 'Orientations');
    await logout(page);
    await loginAs(page, 'coordinateurParis');
    await visit(page, 'Conventions', 'Conventions');
  });
}
