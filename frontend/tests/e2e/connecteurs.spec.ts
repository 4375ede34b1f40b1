import { expect, test } from '@playwright/test';

import { loginAs, openNavigation } from './session';

test.use({ actionTimeout: 10_000 });

test.describe('Les emplois de l’inclusion', () => {
  test('la direction voit sa connexion, un·e accompagnateur·rice accueille une arrivée', { tag: '@bureau' }, async ({ browser }) => {
    const direction = await browser.newPage();
    await loginAs(direction, 'directionParis');
    await (await openNavigation(direction)).getByRole('link', { name: 'Les emplois' }).click();
    await expect(direction.getByRole('heading', { level: 1, name: 'Les emplois de l’inclusion' })).toBeVisible();
    await expect(direction.getByRole('heading', { name: 'Dernière synchronisation' })).toBeVisible();
    await expect(direction.getByText('Arrivées créées : 2')).toBeVisible();
    // The password is never shown back.
    await expect(direction.getByRole('textbox', { name: 'Mot de passe', exact: true })).toHaveValue('');
    await direction.close();

    const page = await browser.newPage();
    await loginAs(page, 'accompagnateurParis');
    await page.goto('/emplois');
    await expect(page.getByRole('row', { name: /MARCHAND Aline/ })).toContainText('999992600001');
    await page.getByRole('button', { name: 'Accueillir MARCHAND Aline' }).click();
    const form = page.getByRole('form', { name: 'Accueillir MARCHAND Aline' });
    await form.getByLabel('Orientée par').selectOption('siao');
    await form.getByLabel('Logement à l’entrée').selectOption('heberge_chez_un_tiers');
    await form.getByRole('button', { name: 'Confirmer l’accueil' }).click();
    await expect(page).toHaveURL(/\/parcours\/[0-9a-f-]{36}$/);
    await page.goto('/emplois');
    await expect(page.getByRole('button', { name: 'Accueillir KONATE Ibrahim' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Accueillir MARCHAND Aline' })).toHaveCount(0);
    await page.close();
  });
});
