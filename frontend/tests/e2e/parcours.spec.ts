import { type Page, expect, test } from '@playwright/test';

import { MACHINES } from '../../src/i18n/referentiel.generated';
import { expectNoAxeViolations as axeCheck } from './axe';
import { DEMO_PASSWORD, loginAs, openNavigation, submitCredentials } from './session';

/** A business date "YYYY-MM-DD", `months` months and `days` days from today (negative: in the past). */
function dateFromToday(months: number, days = 0): string {
  const date = new Date();
  date.setHours(12, 0, 0, 0);
  date.setDate(1);
  date.setMonth(date.getMonth() + months);
  const lastDay = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
  date.setDate(Math.min(new Date().getDate(), lastDay) + days);
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** axe once transitions (a notification fading in) are over: half-faded text is not a contrast issue. */
async function expectNoAxeViolations(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  await axeCheck(page);
}

// Fail fast on a missing control instead of waiting for the whole test timeout.
test.use({ actionTimeout: 10_000 });

const PERSONNE = { nom: 'Fictif-Parcours', prenoms: 'Alexis Essai', naissance: '1988-04-17' };

async function fillIdentity(page: Page) {
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill(PERSONNE.nom);
  await page.getByRole('textbox', { name: 'Prénoms' }).fill(PERSONNE.prenoms);
  await page.getByLabel('Date de naissance').fill(PERSONNE.naissance);
  await page.getByLabel('Sexe').selectOption({ label: 'Homme' });
  await page.getByLabel('Langues parlées').fill('français, arabe');
}

function tab(page: Page, name: string) {
  return page.getByRole('tab', { name, exact: true });
}

/** The group of tabs each section of a person's page sits in (on a desktop). */
const GROUPES: Record<string, string> = {
  Freins: 'Freins et diagnostics',
  Diagnostics: 'Freins et diagnostics',
  Évolution: 'Freins et diagnostics',
  Contrats: 'Contrats et sortie',
  'Suivis après sortie': 'Contrats et sortie',
  Identité: 'Dossier',
  Consentements: 'Dossier',
  'Référents externes': 'Dossier',
};

/** Opens a section of the person's page: its menu on a phone, its group then its tab on a desktop. */
async function rubrique(page: Page, name: string) {
  const menu = page.getByRole('combobox', { name: 'Rubrique' });
  if (await menu.isVisible()) {
    await menu.selectOption({ label: name });
    return;
  }
  const groupe = GROUPES[name];
  if (groupe !== undefined && (await tab(page, groupe).count()) > 0) await tab(page, groupe).click();
  await tab(page, name).click();
}

/** The sections offered, whatever the screen. */
async function rubriques(page: Page): Promise<string[]> {
  const menu = page.getByRole('combobox', { name: 'Rubrique' });
  if (await menu.isVisible()) return menu.locator('option').allInnerTexts();
  return page.getByRole('tab').allInnerTexts();
}

async function chooseLevel(page: Page, domaine: string, level: string) {
  // One domaine per step: go to its step, then choose.
  await page.getByRole('navigation', { name: 'Domaines du diagnostic' }).getByRole('button', { name: new RegExp(`^${domaine}`) }).click();
  await page.getByRole('radiogroup', { name: `Niveau de frein : ${domaine}` }).getByRole('radio', { name: level }).check();
}

test.describe('parcours', () => {
  test("un·e accompagnateur·rice accueille une personne et la suit jusqu'après sa sortie", { tag: '@bureau' }, async ({ page }) => {
    // Desktop project only: Crée une personne : une seule fois par suite.
    test.setTimeout(180_000);
    const entree = dateFromToday(-8);
    const demarrage = dateFromToday(-8, 7);
    const finContrat = dateFromToday(-4);
    const entretien = dateFromToday(-6);
    const sortie = dateFromToday(-2);

    await loginAs(page, 'accompagnateurParis');

    // Home: "À faire" first, then "Mes salariés".
    await page.goto('/espace');
    await expect(page).toHaveURL(/\/a-faire$/);
    await expect(page.getByRole('heading', { level: 1, name: 'À faire' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Mes salariés' })).toBeVisible();
    // The inbox: one card per person, named by a heading.
    await expect(page.getByRole('list', { name: 'Personnes' }).getByRole('heading', { level: 2 }).first()).toBeVisible();
    await expectNoAxeViolations(page);

    // 1. New person + parcours in one flow.
    await page.getByRole('link', { name: 'Accueillir une personne' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Accueillir une personne' })).toBeVisible();
    await expectNoAxeViolations(page);
    await fillIdentity(page);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByText('Étape 2 sur 4 : Consentements')).toBeVisible();
    await page.getByRole('checkbox', { name: /notice d'information a été remise/ }).check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByText('Étape 3 sur 4 : Parcours')).toBeVisible();
    await page.getByLabel("Date d'entrée").fill(entree);
    await page.getByRole('combobox', { name: 'Prescripteur', exact: true }).selectOption({ label: 'Maraude' });
    await page.getByRole('radiogroup', { name: /Parcours de rue/ }).getByRole('radio', { name: 'Oui' }).check();
    await page.getByLabel('Durée à la rue (en mois)').fill('30');
    await page.getByLabel("Logement à l'entrée").selectOption({ label: 'Sans abri' });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();

    // 2. Entry diagnostic, straight after: three domaines at level 2 or more.
    await expect(page).toHaveURL(/\/parcours\/[0-9a-f-]{36}\/diagnostics\/nouveau\?etape=entree&accueil=1$/);
    const parcoursUrl = page.url().replace(/\/diagnostics.*$/, '');
    const nom = `${PERSONNE.prenoms} ${PERSONNE.nom}`;
    await expect(page.getByRole('heading', { level: 1, name: "Diagnostic d'entrée" })).toBeVisible();
    await expect(page.getByText('Étape 4 sur 4')).toBeVisible();
    await expect(page.getByLabel('Date du diagnostic')).toHaveValue(entree);
    await chooseLevel(page, 'Logement', 'Bloquant (3)');
    // The housing situation was given with the parcours: not asked twice.
    await expect(page.getByText("Situation de logement à l'entrée : Sans abri")).toBeVisible();
    await chooseLevel(page, 'Santé', 'Important (2)');
    await page.getByRole('checkbox', { name: 'Sans couverture maladie' }).check();
    await chooseLevel(page, 'Accès aux droits', 'Important (2)');
    await page.getByRole('textbox', { name: 'Commentaire : Accès aux droits' }).fill("Pas de pièce d'identité.");
    await chooseLevel(page, 'Emploi et formation', 'Léger (1)');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Valider le diagnostic' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Diagnostic d'entrée validé" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Créer les freins' }).click();

    // 3. Freins board: three freins, add an action and mark it done.
    await expect(page).toHaveURL(/onglet=freins/);
    const freins = page.getByRole('list', { name: 'Freins par domaine' });
    await expect(freins.getByRole('heading', { level: 3 })).toHaveText(['Logement', 'Santé', 'Accès aux droits']);
    const logement = freins.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Logement' }) }).first();
    await expect(logement).toContainText('Bloquant');
    await expect(logement).toContainText('Identifié');
    await logement.getByRole('button', { name: 'Ajouter une action (Logement)' }).click();
    await logement.getByLabel("Type d'action").selectOption({ label: 'Demande SIAO' });
    await logement.getByLabel('Échéance').fill(dateFromToday(1));
    await expectNoAxeViolations(page);
    await logement.getByRole('button', { name: "Ajouter l'action" }).click();
    await expect(logement.getByText('Prévue', { exact: true })).toBeVisible();
    await logement.getByRole('button', { name: 'Marquer « Demande SIAO » comme réalisée' }).click();
    await expect(logement.getByText('Réalisée', { exact: true })).toBeVisible();
    await logement.getByLabel('Statut du frein Logement').selectOption({ label: 'En traitement' });
    await expect(logement.locator('[data-statut="en_traitement"]')).toBeVisible();
    await expectNoAxeViolations(page);

    // 4. Start the parcours.
    await page.getByRole('button', { name: 'Démarrage du parcours' }).click();
    const dialog = page.getByRole('dialog', { name: 'Démarrer le parcours ?' });
    await dialog.getByLabel('Date').fill(demarrage);
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Démarrer' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-statut="en_cours"]').first()).toBeVisible();

    // 5. A contract.
    await rubrique(page, 'Contrats');
    await page.getByRole('button', { name: 'Ajouter un contrat' }).click();
    await page.getByLabel('Date de début').fill(demarrage);
    await page.getByLabel('Date de fin').fill(finContrat);
    await page.getByLabel('Heures par semaine').fill('20');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ajouter le contrat' }).click();
    const contrats = page.getByRole('table', { name: 'Contrats du parcours' });
    await expect(contrats.getByRole('row')).toHaveCount(2);
    await expect(contrats).toContainText('CDD-I Convergence');
    await expect(contrats).toContainText('20 h');
    await expectNoAxeViolations(page);

    // 6. An entretien in the journal.
    await rubrique(page, 'Journal');
    await page.getByRole('button', { name: 'Nouvel entretien' }).click();
    await page.getByLabel("Date de l'entretien").fill(entretien);
    await page.getByLabel('Compte rendu').fill('Point sur la demande SIAO et le contrat.');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: "Enregistrer l'entretien" }).click();
    const journal = page.getByRole('list', { name: "Entrées du journal, les plus récentes d'abord" });
    await expect(journal).toContainText('Point sur la demande SIAO et le contrat.');
    await expect(journal).toContainText('Nouveau contrat');
    await expectNoAxeViolations(page);

    // 7. Exit: the wizard asks for the exit diagnostic first.
    await page.getByRole('link', { name: 'Sortie du chantier' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Sortie du chantier : ${nom}` })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Remplir le diagnostic de sortie' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Diagnostic de sortie' })).toBeVisible();
    await page.getByLabel('Date du diagnostic').fill(sortie);
    await chooseLevel(page, 'Logement', 'Léger (1)');
    await page.getByRole('radiogroup', { name: 'Situation de logement (une seule)' }).getByRole('radio', { name: 'Résidence sociale' }).check();
    await chooseLevel(page, 'Santé', 'Léger (1)');
    await page.getByRole('checkbox', { name: 'Médecin traitant déclaré' }).check();
    // A draft survives a reload on this device.
    await page.reload();
    await expect(page.getByText('Brouillon restauré')).toBeVisible();
    await page.getByRole('navigation', { name: 'Domaines du diagnostic' }).getByRole('button', { name: /^Santé/ }).click();
    await expect(page.getByRole('radiogroup', { name: 'Niveau de frein : Santé' }).getByRole('radio', { name: 'Léger (1)' })).toBeChecked();
    await chooseLevel(page, 'Accès aux droits', 'Pas de frein (0)');
    // Rights improve when more of them are open at exit than at entry (the indicator's rule).
    await page.getByRole('checkbox', { name: "Pièce d'identité valide" }).check();
    await chooseLevel(page, 'Emploi et formation', 'Pas de frein (0)');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Valider le diagnostic' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Diagnostic de sortie validé' })).toBeVisible();
    await page.getByRole('link', { name: 'Continuer vers la sortie' }).click();

    await expect(page.getByText('Étape 1 sur 4')).toBeVisible();
    await page.getByLabel('Date de sortie').fill(sortie);
    await page.getByLabel('Motif de sortie').selectOption({ label: 'CDI (aidé ou non)' });
    // The official category is shown before saving.
    await expect(page.getByTestId('categorie-sortie')).toHaveText('Emploi durable');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('combobox', { name: 'Logement à la sortie' }).selectOption({ label: 'Résidence sociale' });
    await expect(page.getByText('Compté « en logement » à la sortie.')).toBeVisible();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByText("Indiquez l'employeur pour une sortie en emploi.")).toBeVisible();
    await page.getByRole('textbox', { name: 'Employeur', exact: true }).fill('Boulangerie Exemple');
    await page.getByRole('textbox', { name: 'Contrat', exact: true }).fill('CDI à temps plein');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByText('Étape 4 sur 4')).toBeVisible();
    await expect(page.getByText('Emploi durable')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Enregistrer la sortie' }).click();

    // 8. The 1-month check-in is due.
    await expect(page).toHaveURL(/onglet=suivis/);
    await expect(page.getByText('Sorti (suivi)', { exact: true }).first()).toBeVisible();
    await expect(page.getByText(/CDI \(aidé ou non\) \(Emploi durable\)/)).toBeVisible();
    await page.getByRole('button', { name: 'Enregistrer le suivi à 1 mois' }).click();
    const suivi = page.getByRole('form', { name: 'Suivi à 1 mois' });
    await suivi.getByRole('radio', { name: 'Personne jointe' }).check();
    await suivi.getByRole('radiogroup', { name: 'En emploi ?' }).getByRole('radio', { name: 'Oui' }).check();
    await suivi.getByLabel('Type de contrat').fill('CDI');
    await suivi.getByLabel('Logement').selectOption({ label: 'Logement adapté' });
    await expectNoAxeViolations(page);
    await suivi.getByRole('button', { name: 'Enregistrer le suivi' }).click();
    await expect(page.getByRole('list', { name: 'Suivis prévus' }).getByRole('listitem').first()).toContainText('réalisé le');
    await expectNoAxeViolations(page);

    // 9. Evolution: entry against exit, chart and table.
    await rubrique(page, 'Évolution');
    const evolution = page.getByRole('table', { name: 'Évolution des niveaux de frein par domaine' });
    await expect(evolution.getByRole('row', { name: /Logement/ })).toContainText('Amélioré');
    await expect(evolution.getByRole('row', { name: /Logement/ })).toContainText('En logement');
    await expect(evolution.getByRole('row', { name: /Santé/ })).toContainText('Amélioré');
    await expect(evolution.getByRole('row', { name: /Accès aux droits/ })).toContainText('Amélioré');
    await expect(page.getByText(/domaines améliorés/)).toBeVisible();
    await expectNoAxeViolations(page);

    // 10. Another chantier's accompagnateur does not find this person.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL(/\/connexion$/);
    await submitCredentials(page, 'accompagnateur.lyon@demo.example.org', DEMO_PASSWORD);
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await page.goto(parcoursUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Parcours introuvable' })).toBeVisible();
    await expect(page.getByText(nom)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('la liste des salariés filtre dans l’adresse et tient sur un téléphone', async ({ page }, testInfo) => {
    await loginAs(page, 'accompagnateurParis');
    await page.goto('/parcours');
    await expect(page.getByRole('heading', { level: 1, name: 'Salariés' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /personnes?/ })).toBeVisible();
    const phone = testInfo.project.name === 'telephone';
    if (phone) {
      // Cards on a phone, with 44 px targets.
      const cards = page.getByRole('list', { name: 'Liste des salariés' });
      await expect(cards.getByRole('listitem').first()).toBeVisible();
      const link = cards.getByRole('link').first();
      const box = await link.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      const nav = await openNavigation(page);
      await expect(nav.getByRole('link', { name: 'Salariés' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'À faire' })).toBeVisible();
      await page.keyboard.press('Escape');
      await page.goto('/parcours');
    } else {
      const table = page.getByRole('table', { name: 'Liste des salariés' });
      await expect(table.getByRole('columnheader', { name: 'Prochaine fin de contrat' })).toBeVisible();
      await expect(table.locator('[data-alerte="contrat_fin_proche"]').first()).toBeVisible();
    }
    await expectNoAxeViolations(page);

    await page.getByLabel('Statut').selectOption({ label: 'Suspendu' });
    await expect(page).toHaveURL(/[?&]statut=suspendu(&|$)/);
    await expect(page.locator('[data-statut]').first()).toHaveAttribute('data-statut', 'suspendu');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Réinitialiser les filtres' }).first().click();
    await page.getByRole('searchbox', { name: /Rechercher une personne/ }).fill('zzzz-personne-absente');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page).toHaveURL(/[?&]q=zzzz-personne-absente/);
    await expect(page.getByText('Aucune personne ne correspond à ces filtres')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goBack();
    await expect(page).not.toHaveURL(/q=/);
  });

  test("la fiche d'une personne s'ouvre rubrique par rubrique", async ({ page }) => {
    test.setTimeout(120_000);
    await loginAs(page, 'accompagnateurParis');
    await page.goto('/parcours?statut=en_cours');
    await page.getByRole('main').locator('a[href^="/parcours/"]:not([href="/parcours/nouveau"])').first().click();
    await expect(page).toHaveURL(/\/parcours\/[0-9a-f-]{36}/);
    await expect(page.locator('[data-statut="en_cours"]').first()).toBeVisible();
    // The page opens on the summary.
    await expect(page.getByRole('heading', { level: 2, name: 'Prochaines échéances' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Freins ouverts' })).toBeVisible();
    await expectNoAxeViolations(page);
    await rubrique(page, 'Journal');
    await expect(page.getByRole('list', { name: "Entrées du journal, les plus récentes d'abord" })).toBeVisible();
    await expectNoAxeViolations(page);
    const checks: [string, string][] = [
      ['Contrats', 'Contrats'],
      ['Freins', 'Freins'],
      ['Diagnostics', 'Diagnostics'],
      ['Évolution', 'Évolution par domaine'],
      ['Suivis après sortie', 'Suivis après la sortie'],
      ['Identité', 'Identité et entrée'],
      ['Consentements', 'Consentements'],
      ['Référents externes', 'Référents externes'],
    ];
    for (const [name, heading] of checks) {
      // The evolution is offered once there is something to compare.
      if (name === 'Évolution' && !(await rubriques(page)).includes(name)) continue;
      await rubrique(page, name);
      const panel = page.getByRole('main');
      await expect(panel.getByRole('heading', { level: 2, name: heading })).toBeVisible();
      await expect(panel.getByRole('status').filter({ hasText: 'Chargement' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    }
    // Forms open in place and pass axe too.
    await rubrique(page, 'Consentements');
    await page.getByRole('button', { name: 'Enregistrer un consentement' }).click();
    await page.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'Partage avec un partenaire' });
    await expectNoAxeViolations(page);
    await rubrique(page, 'Journal');
    await page.getByRole('button', { name: 'Nouvelle synthèse' }).click();
    await expect(page.getByRole('form', { name: 'Nouvelle synthèse' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Suspension du parcours' }).click();
    const suspension = page.getByRole('dialog', { name: 'Suspendre le parcours ?' });
    await expect(suspension).toBeVisible();
    await expectNoAxeViolations(page);
    await suspension.getByRole('button', { name: 'Annuler' }).click();
    await expect(suspension).toBeHidden();
  });

  test("l'encadrant·e technique voit les contrats, pas les freins", async ({ page }) => {
    await page.goto('/connexion');
    await submitCredentials(page, 'encadrant.paris@demo.example.org', DEMO_PASSWORD);
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await page.goto('/espace');
    await expect(page).toHaveURL(/\/parcours$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Salariés' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Accueillir une personne' })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.getByRole('main').locator('a[href^="/parcours/"]:not([href="/parcours/nouveau"])').first().click();
    await expect(page).toHaveURL(/\/parcours\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { level: 2, name: 'Prochaines échéances' })).toBeVisible();
    const offertes = await rubriques(page);
    expect(offertes).toContain('Contrats');
    expect(offertes).not.toContain('Freins');
    expect(offertes).not.toContain('Journal');
    await expect(page.getByRole('group', { name: 'Changer le statut du parcours' })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test("les boutons de statut d'un parcours « Accueil » sont exactement les actions de l'API, sortie comprise", async ({ page }) => {
    await loginAs(page, 'accompagnateurParis');
    await page.goto('/parcours?statut=accueil');
    await expect(page.getByRole('heading', { level: 1, name: 'Salariés' })).toBeVisible();
    // The parcours as the API sends it to this caller: its statut and the verbs it may apply.
    const reponse = page.waitForResponse((response) => /\/api\/v1\/parcours\/[0-9a-f-]{36}$/.test(new URL(response.url()).pathname) && response.request().method() === 'GET');
    await page.getByRole('main').locator('a[href^="/parcours/"]:not([href="/parcours/nouveau"])').first().click();
    const parcours = (await (await reponse).json()) as { statut: string; actions: (keyof (typeof MACHINES)['StatutParcours'])[] };
    expect(parcours.statut).toBe('accueil');
    expect(parcours.actions).toContain('sortie');

    // The SPA offers those verbs, labelled from the API's machine, and nothing else of the statut.
    const groupe = page.getByRole('group', { name: 'Changer le statut du parcours' });
    const attendus = parcours.actions.map((verbe) => MACHINES.StatutParcours[verbe].libelle);
    const offerts = (await groupe.locator('a, button').allInnerTexts()).map((text) => text.trim()).filter((text) => text !== 'Orienter vers un partenaire');
    expect(offerts).toEqual(attendus);

    // The exit opens its wizard (not the refusal).
    await groupe.getByRole('link', { name: MACHINES.StatutParcours.sortie.libelle }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Sortie du chantier : / })).toBeVisible();
    await expect(page.getByLabel('Motif de sortie')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
