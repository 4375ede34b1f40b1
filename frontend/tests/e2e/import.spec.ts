import { resolve } from 'node:path';

import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs, openNavigation } from './session';

/*
 * The import of the programme's history, walked by a coordinateur on the demo: the template
 * and the example, the upload of docs/import-exemple.csv, its dry run (two creations, one row
 * rejected with a French reason per cell), the confirmation, the progress, the report.
 * Then the evaluator's page: a year of exits, its figures (the API's), its download.
 */

const EXEMPLE = resolve(process.cwd(), '..', 'docs', 'import-exemple.csv');

test.describe('@bureau import de l’historique', () => {
  test('coordinateur : gabarit, essai à blanc, confirmation, progression, rapport', async ({ page }) => {
    // Four pages checked by axe on two cores: more than the default 30 s.
    test.setTimeout(120_000);
    await loginAs(page, 'coordinateurParis');
    const menu = await openNavigation(page);
    await menu.getByRole('link', { name: "Importer l'historique" }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Importer l'historique" })).toBeVisible();
    await expect(page).toHaveURL(/\/import-historique$/);

    // Step 1: the template, the example and the allowed values (read from the API).
    await expect(page.getByRole('button', { name: 'Gabarit Excel' })).toBeVisible();
    const telechargement = page.waitForEvent('download');
    await page.getByRole('button', { name: "Fichier d'exemple (CSV)" }).click();
    expect((await telechargement).suggestedFilename()).toBe('convergence-import-exemple.csv');
    await page.getByRole('button', { name: /^motif_sortie/ }).click();
    await expect(page.getByRole('region', { name: 'Valeurs autorisées de la colonne motif_sortie' })).toContainText('CDI (aidé ou non)');
    await expectNoAxeViolations(page);

    // Step 2: upload, then the dry run's report (nothing written yet).
    await page.getByLabel('Fichier à importer', { exact: true }).setInputFiles(EXEMPLE);
    await page.getByRole('button', { name: 'Analyser le fichier' }).click();
    const comptes = page.getByRole('region', { name: 'Résultat de l’essai à blanc' });
    await expect(comptes).toBeVisible();
    await expect(comptes.getByText('Nouvelle personne et nouveau parcours')).toBeVisible();
    await expect(comptes).toContainText('2Nouvelle personne et nouveau parcours');
    await expect(comptes).toContainText('1Ligne rejetée');
    await expect(page.getByRole('status').filter({ hasText: 'Analyse terminée, à confirmer' })).toBeVisible();

    await page.getByRole('radio', { name: 'Ligne rejetée' }).dispatchEvent('click');
    await expect(page).toHaveURL(/action=rejeter/);
    const lignes = page.getByRole('region', { name: 'Lignes du fichier et ce que l’import en fera' });
    await expect(lignes).toContainText('EVAL2017-003');
    await expect(lignes).toContainText('Date invalide « 1990-13-01 » (AAAA-MM-JJ).');
    await expect(lignes).not.toContainText('EVAL2017-001');
    await expectNoAxeViolations(page);

    // Step 3: the confirmation says what will be written.
    await page.getByRole('button', { name: "Confirmer l'import" }).click();
    const dialogue = page.getByRole('dialog', { name: "Confirmer l'import" });
    await expect(dialogue).toContainText('Nouvelle personne et nouveau parcours : 2');
    await expect(dialogue).toContainText('1 ligne rejetée ne sera pas importée');
    await expectNoAxeViolations(page);
    await dialogue.getByRole('button', { name: 'Importer' }).click();

    // Step 4: the progress reaches the end (three rows: one batch), then the report.
    await expect(page.getByRole('status').filter({ hasText: 'Import terminé' })).toBeVisible();
    const rapport = page.getByRole('region', { name: 'Rapport de l’import' });
    await expect(rapport).toContainText('2Nouvelle personne et nouveau parcours');
    await expect(rapport).toContainText('1Ligne rejetée');
    await expect(page.getByRole('region', { name: 'Lignes du fichier et ce que l’import en a fait' })).toContainText(
      'Date invalide « 1990-13-01 » (AAAA-MM-JJ).',
    );
    await expect(page.getByRole('button', { name: 'Importer un autre fichier' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('évaluateur : les sorties d’une année, leurs chiffres, leur téléchargement', async ({ page }) => {
    await loginAs(page, 'evaluateur');
    await expect(page.getByRole('heading', { level: 1, name: 'Évaluation' })).toBeVisible();
    const annee = String(new Date().getFullYear() - 2);
    const reponse = page.waitForResponse((r) => r.url().includes(`/api/v1/exports/evaluation/synthese?annee_sortie=${annee}`));
    await page.getByLabel('Année de sortie').selectOption(annee);
    await expect(page).toHaveURL(new RegExp(`annee_sortie=${annee}`));
    const synthese = (await (await reponse).json()) as { indicateurs: { code: string; libelle: string; taux: number | null }[] };
    const pourcent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
    const cinq = synthese.indicateurs.filter((i) => ['public_rue', 'sorties_dynamiques', 'en_logement', 'sante_amelioree', 'droits_accrus'].includes(i.code));
    expect(cinq).toHaveLength(5);
    for (const indicateur of cinq) {
      await expect(page.getByRole('figure', { name: indicateur.libelle })).toContainText(indicateur.taux === null ? '—' : pourcent.format(indicateur.taux));
    }
    await expectNoAxeViolations(page);

    const demande = page.waitForRequest((r) => r.url().includes('/api/v1/exports/evaluation.csv'));
    await page.getByRole('button', { name: 'Jeu de données d’évaluation (CSV)' }).click();
    expect((await demande).url()).toContain(`annee_sortie=${annee}`);
  });
});
