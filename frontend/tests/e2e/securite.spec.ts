import { expect, test } from '@playwright/test';

import { loginAs } from './session';

// Finding 11: nothing left in the browser. A draft kept in sessionStorage (the diagnostic
// form keeps one under the same prefix while it is filled in) is gone after logout.
// The idle warning's timing is covered by src/app/auth/SessionExpiry.test.ts (the e2e server
// is shared by every spec: its idle limit is not shortened for one).
test('@bureau drafts are gone after logout', async ({ page }) => {
  await loginAs(page, 'accompagnateurParis');
  const key = 'convergence:brouillon:diagnostic:essai:nouveau-entree';
  await page.evaluate((draftKey) => {
    window.sessionStorage.setItem(draftKey, JSON.stringify({ date: '2026-01-01', domaines: { sante: { niveau: 2, situations: [], commentaire: 'à moitié écrit' } } }));
    window.localStorage.setItem(`${draftKey}:local`, '{}');
    window.sessionStorage.setItem('autre', 'garde');
  }, key);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  const left = await page.evaluate((draftKey) => [window.sessionStorage.getItem(draftKey), window.localStorage.getItem(`${draftKey}:local`), window.sessionStorage.getItem('autre')], key);
  expect(left).toEqual([null, null, 'garde']);
});
