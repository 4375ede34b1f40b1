import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs, openNavigation } from './session';

/*
 * Welcoming a person as a caseworker does it: from the menu, identity → consents → parcours
 * (nothing written until "Ouvrir le parcours"; leaving midway keeps the draft) → the entry
 * diagnostic, one domaine per step; a second welcome of the same person warns of a duplicate.
 * Desktop only: it creates a person, once per suite.
 */

test.use({ actionTimeout: 10_000 });

const PERSONNE = { nom: 'Fictif-Accueil', prenoms: 'Sacha Essai', naissance: '1991-09-23' };

async function commencer(page: Page) {
  const nav = await openNavigation(page);
  await nav.getByRole('link', { name: 'Salariés', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Salariés' })).toBeVisible();
  await page.getByRole('link', { name: 'Accueillir une personne' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accueillir une personne' })).toBeVisible();
}

async function identite(page: Page) {
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill(PERSONNE.nom);
  await page.getByRole('textbox', { name: 'Prénoms' }).fill(PERSONNE.prenoms);
  await page.getByLabel('Date de naissance').fill(PERSONNE.naissance);
  await page.getByRole('button', { name: 'Continuer' }).click();
}

test.describe('accueil', () => {
  test('accueillir une personne en un parcours d’étapes, avec brouillon, puis le diagnostic domaine par domaine', { tag: '@bureau' }, async ({ page }) => {
    test.setTimeout(120_000);
    await loginAs(page, 'accompagnateurParis');
    await commencer(page);
    await expect(page.getByText('Étape 1 sur 4 : Identité')).toBeVisible();
    await expectNoAxeViolations(page);

    // A step does not go on while something it needs is missing.
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByText('Indiquez le nom.')).toBeVisible();
    await identite(page);

    await expect(page.getByText('Étape 2 sur 4 : Consentements')).toBeVisible();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByText("Remettez et expliquez la notice d'information avant de continuer.")).toBeVisible();
    await page.getByRole('checkbox', { name: /notice d'information a été remise/ }).check();
    await page.getByRole('checkbox', { name: /usage pseudonymisé/ }).check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continuer' }).click();

    await expect(page.getByText('Étape 3 sur 4 : Parcours')).toBeVisible();
    await page.getByRole('combobox', { name: 'Prescripteur', exact: true }).selectOption({ label: 'Maraude' });
    await page.getByRole('radiogroup', { name: /Parcours de rue/ }).getByRole('radio', { name: 'Non' }).check();
    await expectNoAxeViolations(page);

    // Leaving midway: nothing is written, the draft is kept on this device.
    const nav = await openNavigation(page);
    await nav.getByRole('link', { name: /^À faire/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'À faire' })).toBeVisible();
    await commencer(page);
    await expect(page.getByText('Étape 3 sur 4 : Parcours')).toBeVisible();
    await expect(page.getByText("L'accueil commencé sur cet appareil a été repris")).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Prescripteur', exact: true })).toHaveValue('maraude');
    await page.getByRole('button', { name: 'Précédent' }).click();
    await expect(page.getByRole('checkbox', { name: /notice d'information a été remise/ })).toBeChecked();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByLabel("Logement à l'entrée").selectOption({ label: 'Hôtel social' });
    await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();

    // The entry diagnostic, step 4: one domaine per step, housing not asked again.
    await expect(page.getByRole('heading', { level: 1, name: "Diagnostic d'entrée" })).toBeVisible();
    await expect(page.getByText('Étape 4 sur 4')).toBeVisible();
    await expect(page.getByText('Domaine 1 sur 10 : Logement')).toBeVisible();
    await page.getByRole('radiogroup', { name: 'Niveau de frein : Logement' }).getByRole('radio', { name: 'Important (2)' }).check();
    await expect(page.getByText("Situation de logement à l'entrée : Hôtel social")).toBeVisible();
    await expect(page.getByRole('radiogroup', { name: 'Situation de logement (une seule)' })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Domaine suivant' }).click();
    await expect(page.getByText('Domaine 2 sur 10 : Santé')).toBeVisible();
    await page.getByRole('radiogroup', { name: 'Niveau de frein : Santé' }).getByRole('radio', { name: 'Léger (1)' }).check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Valider le diagnostic' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Diagnostic d'entrée validé" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Retour au parcours' }).click();

    // The person's page opens on the summary; the consents were recorded with the parcours.
    await expect(page.getByRole('heading', { level: 1, name: `${PERSONNE.prenoms} ${PERSONNE.nom}` })).toBeVisible();
    await page.getByRole('tab', { name: 'Synthèse', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Freins ouverts' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Freins ouverts par domaine' })).toHaveCount(0);
    await page.getByRole('tab', { name: 'Dossier', exact: true }).click();
    await page.getByRole('tab', { name: 'Consentements', exact: true }).click();
    await expect(page.getByRole('main')).toContainText("Notice d'information");
    await expect(page.getByRole('main')).toContainText("Usage pour l'évaluation");

    // The same person again: the duplicate is named before anything is written.
    await commencer(page);
    await expect(page.getByText('Étape 1 sur 4 : Identité')).toBeVisible();
    await identite(page);
    await page.getByRole('checkbox', { name: /notice d'information a été remise/ }).check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('combobox', { name: 'Prescripteur', exact: true }).selectOption({ label: 'Maraude' });
    await page.getByLabel("Logement à l'entrée").selectOption({ label: 'Sans abri' });
    await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
    const doublon = page.getByRole('alert').filter({ hasText: 'Cette personne existe peut-être déjà' });
    await expect(doublon).toBeVisible();
    await expect(doublon.getByRole('button', { name: 'Créer quand même' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Abandonner cet accueil' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Salariés' })).toBeVisible();
  });
});
