import { type Page, type TestInfo, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs } from './session';

/**
 * The network: territoires, the partner directory, conventions and their
 * lifecycle. Both projects (bureau, telephone) run on the same database:
 * what a test creates carries the project's name.
 */

/** A SIRET whose Luhn key is right: 13 digits from the seed, then the key. */
function siretValide(seed: number): string {
  const body = `888${String(seed).padStart(10, '0')}`.slice(0, 13);
  for (let key = 0; key <= 9; key += 1) {
    const candidate = `${body}${key}`;
    let sum = 0;
    for (let i = 0; i < 14; i += 1) {
      let digit = Number(candidate[13 - i]);
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function suffixe(testInfo: TestInfo): string {
  return testInfo.project.name === 'telephone' ? 'mobile' : 'bureau';
}

function isoDansJours(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * Axe on the page at rest: notifications slide in and out (half-transparent text
 * fails contrast) and sit under a dialog's overlay, so wait until they are gone.
 */
async function axe(page: Page): Promise<void> {
  // A notification pauses its timer while the pointer rests on it (the last tap may have).
  await page.mouse.move(0, 0);
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 10_000 });
  await expectNoAxeViolations(page);
}

async function heading(page: Page, name: string | RegExp) {
  const h1 = page.getByRole('heading', { level: 1, name });
  await expect(h1).toBeVisible();
  return h1;
}

// Long journeys, and another suite may run on the same machine.
test.describe.configure({ timeout: 120_000 });

test.describe('territoires du réseau', () => {
  test('la liste montre les chiffres de chaque territoire, la page son porteur et son historique', async ({ page }) => {
    await loginAs(page, 'coordinateurParis');
    await page.goto('/territoires');
    const table = page.getByRole('table', { name: 'Liste des territoires' });
    const paris = table.getByRole('row', { name: /Paris/ });
    await expect(paris).toContainText('Opérationnel');
    await expect(table.getByRole('columnheader', { name: 'Conventions actives' })).toBeVisible();
    // Chantiers, partenaires, conventions actives: numbers, in French.
    await expect(paris.getByRole('cell').nth(3)).toHaveText(/^\d+$/);
    await axe(page);

    await table.getByRole('link', { name: 'Paris', exact: true }).click();
    await heading(page, 'Paris');
    await expect(page.getByRole('link', { name: 'Ateliers de Belleville' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'FAS Île-de-France' }).first()).toBeVisible();
    const historique = page.getByRole('list', { name: 'Historique du territoire' });
    await expect(historique.getByRole('listitem').first()).toContainText('1 janvier 2012');
    await expect(historique).toContainText('Création de Convergence France');
    await expect(page.getByRole('table', { name: 'Conventions du territoire' })).toContainText('Coordination Convergence – Paris');
    // The coordinateur's panel: the CCAS partnership reaches its échéance within 90 days.
    const panel = page.getByRole('region', { name: 'Conventions à renouveler' });
    await expect(panel.getByRole('link', { name: 'Partenariat – CCAS du 19e arrondissement' })).toBeVisible();
    await expect(panel).not.toContainText('SIAO de Paris');
    await axe(page);
  });

  // territoires.spec.ts counts the 8 demo territoires: this test creates none and
  // puts back what it changes (the API has no deletion of territoires).
  test("l'administration pilote les territoires : création, statut et densité", async ({ page }) => {
    await loginAs(page, 'admin');
    await page.goto('/territoires');
    await page.getByRole('link', { name: 'Nouveau territoire' }).click();
    await heading(page, 'Nouveau territoire');
    await page.getByRole('button', { name: 'Créer le territoire' }).click();
    await expect(page.getByText('Indiquez le nom du territoire.')).toBeVisible();
    await expect(page.getByText('Choisissez la densité.')).toBeVisible();

    // The code follows the name; a code already taken: the API's French answer, nothing typed lost.
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Grand Lyon');
    await expect(page.getByRole('textbox', { name: /^Code/ })).toHaveValue('grand-lyon');
    await page.getByLabel(/^Date de démarrage/).fill('2027-01-04');
    await page.getByRole('combobox', { name: /^Densité/ }).selectOption({ label: 'Territoire dense' });
    await expect(page.getByRole('combobox', { name: /^Statut/ }).locator('option')).toHaveText(['En préparation', 'Suspendu']);
    await axe(page);
    await page.getByRole('button', { name: 'Créer le territoire' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Un territoire existe déjà avec ce code.' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Nom/ })).toHaveValue('Grand Lyon');
    await axe(page);

    // Marseille: suspended, then operational again (it has its porteur); the density changes and comes back.
    await page.goto('/territoires');
    await page.getByRole('table', { name: 'Liste des territoires' }).getByRole('link', { name: 'Marseille', exact: true }).click();
    await heading(page, 'Marseille');
    const statut = page.getByRole('combobox', { name: /^Statut du territoire/ });
    const densite = page.getByRole('combobox', { name: 'Densité du territoire' });
    const enregistrer = page.getByRole('button', { name: 'Enregistrer le statut et la densité' });
    await expect(statut.locator('option')).toHaveText(['Opérationnel', 'Suspendu']);
    await axe(page);
    await statut.selectOption({ label: 'Suspendu' });
    await enregistrer.click();
    await expect(page.locator('h1 + [data-statut]')).toHaveText('Suspendu');
    await expect(statut.locator('option')).toHaveText(['Suspendu', 'Opérationnel']);
    await statut.selectOption({ label: 'Opérationnel' });
    await enregistrer.click();
    await expect(page.locator('h1 + [data-statut]')).toHaveText('Opérationnel');

    const initiale = await densite.inputValue();
    const autre = initiale === 'dense' ? 'peu_dense' : 'dense';
    await densite.selectOption(autre);
    await enregistrer.click();
    await expect(page.getByRole('definition').filter({ hasText: /^Territoire (peu )?dense$/ })).toHaveText(
      autre === 'dense' ? 'Territoire dense' : 'Territoire peu dense',
    );
    await densite.selectOption(initiale);
    await enregistrer.click();
    await expect(page.getByRole('definition').filter({ hasText: /^Territoire (peu )?dense$/ })).toHaveText(
      initiale === 'dense' ? 'Territoire dense' : 'Territoire peu dense',
    );

    // A refused transition (409 transition_refusee) shows the API's French detail. The demo
    // territoires all have a porteur, so the API's answer is played back here.
    await page.route('**/api/v1/territoires/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      await route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Conflit',
          status: 409,
          code: 'transition_refusee',
          detail: "Désignez d'abord le chantier porteur de la coordination de ce territoire.",
        }),
      });
    });
    await statut.selectOption({ label: 'Suspendu' });
    await enregistrer.click();
    await expect(page.getByRole('alert').filter({ hasText: "Désignez d'abord le chantier porteur de la coordination" })).toBeVisible();
    await axe(page);
  });
});

test.describe('annuaire des partenaires', () => {
  test('un coordinateur crée un partenaire à Paris et le retrouve dans l’annuaire', async ({ page }, testInfo) => {
    await loginAs(page, 'coordinateurParis');
    await page.goto('/structures');
    await heading(page, 'Annuaire des structures');
    await axe(page);

    await page.getByRole('link', { name: 'Nouvelle structure' }).click();
    await heading(page, 'Nouvelle structure');
    const nom = `Boutique solidarité Belleville ${suffixe(testInfo)}`;
    await page.getByRole('combobox', { name: /^Type de structure/ }).selectOption({ label: 'Partenaire' });
    await page.getByRole('textbox', { name: /^Nom/ }).fill(nom);
    await page.getByRole('textbox', { name: /^SIRET/ }).fill('123 456 789 01234');
    await expect(page.getByRole('combobox', { name: /^Territoire/ })).toHaveValue(/[0-9a-f-]{36}/);
    await page.getByRole('textbox', { name: 'Code postal' }).fill('75020');
    await page.getByRole('textbox', { name: 'Commune' }).fill('Paris');
    await page.getByRole('combobox', { name: /^Type de partenaire/ }).selectOption({ label: 'Association' });
    await page.getByRole('checkbox', { name: 'Santé' }).check();
    await page.getByRole('checkbox', { name: 'Accès aux droits' }).check();
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const contact = page.getByRole('group', { name: 'Contact 1' });
    await contact.getByRole('textbox', { name: /^Nom/ }).fill('Dominique Exemple');
    await contact.getByRole('textbox', { name: 'Fonction' }).fill('Coordinatrice');
    await axe(page);

    // The API checks the SIRET's key: its French message shows beside the field, nothing typed is lost.
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    const siret = page.getByRole('textbox', { name: /^SIRET/ });
    await expect(siret).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText("Le SIRET n'est pas valide (clé de contrôle incorrecte).")).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Nom/ }).first()).toHaveValue(nom);
    await axe(page);

    await siret.fill(siretValide(testInfo.project.name === 'telephone' ? 4242 : 1717));
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    await heading(page, nom);
    await expect(page).toHaveURL(/\/structures\/[0-9a-f-]{36}$/);
    await expect(page.getByText('En contact').first()).toBeVisible();
    await expect(page.getByText('Santé', { exact: true })).toBeVisible();
    await expect(page.getByText('Dominique Exemple')).toBeVisible();
    await axe(page);

    // Search by name, in the address.
    await page.goto('/structures');
    await page.getByRole('searchbox', { name: /Nom de la structure/ }).fill('boutique solidarité');
    await expect(page).toHaveURL(/[?&]q=boutique/);
    const annuaire = page.getByRole('table', { name: 'Annuaire des structures' });
    await expect(annuaire.getByRole('link', { name: nom })).toBeVisible();
    await expect(annuaire).not.toContainText('SIAO de Paris');

    // Filter by domaine: the partner is there for health, not for housing.
    await page.goto('/structures');
    await page.getByRole('combobox', { name: 'Domaine' }).selectOption({ label: 'Santé' });
    await expect(page).toHaveURL(/[?&]domaine=sante(&|$)/);
    await expect(annuaire.getByRole('link', { name: nom })).toBeVisible();
    await page.getByRole('combobox', { name: 'Type de partenaire' }).selectOption({ label: 'Association' });
    await expect(page).toHaveURL(/type_partenaire=association/);
    await expect(annuaire.getByRole('link', { name: nom })).toBeVisible();
    await axe(page);
    await page.getByRole('combobox', { name: 'Domaine' }).selectOption({ label: 'Logement' });
    await expect(page).toHaveURL(/[?&]domaine=logement(&|$)/);
    await expect(page.getByText('Aucune structure ne correspond à cette recherche')).toBeVisible();
    await axe(page);

    // A shared link opens with its filters.
    await page.goto('/structures?engagement=engage&type=partenaire');
    await expect(page.getByRole('combobox', { name: 'Engagement dans le réseau' })).toHaveValue('engage');
    await expect(annuaire.getByRole('link', { name: 'SIAO de Paris' })).toBeVisible();
    await expect(annuaire.getByRole('link', { name: 'PASS hospitalière Saint-Martin' })).toHaveCount(0);
  });
});

test.describe('conventions', () => {
  test('une convention de partenariat, de sa création à sa résiliation', async ({ page }, testInfo) => {
    await loginAs(page, 'coordinateurParis');
    await page.goto('/conventions');
    await heading(page, 'Conventions');
    await axe(page);
    await page.getByRole('link', { name: 'Nouvelle convention' }).click();
    await heading(page, 'Nouvelle convention');

    const titre = `Partenariat – France Travail Paris Belleville (${suffixe(testInfo)})`;
    await page.getByRole('combobox', { name: /^Type de convention/ }).selectOption({ label: 'Partenariat' });
    await page.getByRole('textbox', { name: /^Titre/ }).fill(titre);
    await page.getByLabel("Date d'effet").fill(isoDansJours(0));
    await page.getByLabel("Date d'échéance").fill(isoDansJours(730));

    // Parties from the directory, each with its role.
    const recherche = page.getByRole('searchbox', { name: /Rechercher une structure/ });
    const structure = page.getByRole('combobox', { name: 'Structure', exact: true });
    // The search answers after a pause: wait for its list (the placeholder and one match), not
    // the previous one, before choosing.
    await recherche.fill('France Travail');
    await expect(structure.locator('option')).toHaveCount(2);
    await expect(structure.locator('option', { hasText: 'France Travail Paris Belleville' })).toHaveCount(1);
    await structure.selectOption({ label: 'France Travail Paris Belleville (Partenaire)' });
    await page.getByRole('button', { name: 'Ajouter la partie' }).click();
    await recherche.fill('Ateliers');
    await expect(structure.locator('option')).toHaveCount(2);
    await expect(structure.locator('option', { hasText: 'Ateliers de Belleville' })).toHaveCount(1);
    await structure.selectOption({ label: "Ateliers de Belleville (Chantier d'insertion)" });
    await page.getByRole('button', { name: 'Ajouter la partie' }).click();
    const parties = page.getByRole('table', { name: 'Parties choisies' });
    await expect(parties.getByRole('combobox', { name: 'Rôle de France Travail Paris Belleville' })).toHaveValue('partenaire');
    await expect(parties.getByRole('combobox', { name: 'Rôle de Ateliers de Belleville' })).toHaveValue('porteur');

    await page.getByRole('button', { name: 'Ajouter un objectif' }).click();
    await page.getByRole('textbox', { name: /^Objectif 1/ }).fill('Orientations traitées sous 15 jours');
    await page.getByRole('textbox', { name: "Cible de l'objectif 1" }).fill('40');
    await axe(page);
    await page.getByRole('button', { name: 'Créer la convention' }).click();

    await heading(page, titre);
    await expect(page.getByText('Brouillon').first()).toBeVisible();
    await expect(page.getByText('Orientations traitées sous 15 jours')).toBeVisible();
    await axe(page);

    // Envoi en signature (the API's label): it confirms and says what will happen.
    await page.getByRole('button', { name: 'Envoi en signature', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: 'Envoyer la convention en signature ?' });
    await expect(dialog).toContainText('ne pourra plus revenir');
    await axe(page);
    await dialog.getByRole('button', { name: 'Envoyer en signature' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-statut="en_signature"]')).toHaveText('En signature');

    // Enregistrer la signature (date): the partner becomes "Engagé".
    await page.getByRole('button', { name: 'Signature', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'Enregistrer la signature ?' });
    await expect(dialog).toContainText('Le partenaire deviendra « Engagé »');
    await expect(dialog.getByLabel(/^Date de signature/)).toHaveValue(isoDansJours(0));
    await axe(page);
    await dialog.getByRole('button', { name: 'Enregistrer la signature' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-statut="active"]')).toHaveText('Active');

    await page.getByRole('table', { name: 'Parties de la convention' }).getByRole('link', { name: 'France Travail Paris Belleville' }).click();
    await heading(page, 'France Travail Paris Belleville');
    await expect(page.locator('[data-statut="engage"]').first()).toHaveText('Engagé');
    await expect(page.getByRole('table', { name: 'Conventions de la structure' }).getByRole('link', { name: titre })).toBeVisible();
    await axe(page);

    // Résilier (date + motif).
    await page.getByRole('table', { name: 'Conventions de la structure' }).getByRole('link', { name: titre }).click();
    await heading(page, titre);
    await page.getByRole('button', { name: 'Résiliation', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'Résilier la convention ?' });
    await expect(dialog).toContainText('définitive');
    await dialog.getByRole('button', { name: 'Résilier la convention' }).click();
    await expect(dialog.getByText('Indiquez le motif de la résiliation.')).toBeVisible();
    await dialog.getByRole('textbox', { name: /^Motif/ }).fill('Le partenaire se retire du programme.');
    await axe(page);
    await dialog.getByRole('button', { name: 'Résilier la convention' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-statut="resiliee"]')).toHaveText('Résiliée');
    await expect(page.getByText('Le partenaire se retire du programme.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Résiliation', exact: true })).toHaveCount(0);
    await axe(page);
  });

  test('un document PDF se joint à une convention ; un exécutable renommé est refusé', async ({ page }, testInfo) => {
    await loginAs(page, 'coordinateurParis');
    await page.goto('/conventions?type=coordination');
    await page.getByRole('table', { name: 'Liste des conventions' }).getByRole('link', { name: 'Coordination Convergence – Paris' }).click();
    await heading(page, 'Coordination Convergence – Paris');
    const documents = page.getByRole('table', { name: 'Documents de la convention' });
    await expect(documents.getByRole('row')).not.toHaveCount(0);
    await axe(page);

    const nom = `avenant-${suffixe(testInfo)}.pdf`;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const fichier = page.getByLabel('Joindre un document', { exact: true });
    await fichier.setInputFiles({ name: nom, mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Ajouter le document' }).click();
    await expect(documents.getByRole('rowheader', { name: nom })).toBeVisible();
    await expect(documents.getByRole('button', { name: `Télécharger ${nom}` })).toBeVisible();

    // The download carries the bearer token and gives the same bytes back.
    const download = page.waitForEvent('download');
    await documents.getByRole('button', { name: `Télécharger ${nom}` }).click();
    expect((await download).suggestedFilename()).toBe(nom);

    // An executable renamed .pdf: the API reads the content and refuses it, in French.
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]);
    await fichier.setInputFiles({ name: 'programme.pdf', mimeType: 'application/pdf', buffer: exe });
    await page.getByRole('button', { name: 'Ajouter le document' }).click();
    await expect(page.getByText('Seuls les documents PDF, ODT et DOCX sont acceptés.')).toBeVisible();
    await expect(fichier).toHaveAttribute('aria-invalid', 'true');
    await expect(documents.getByRole('rowheader', { name: 'programme.pdf' })).toHaveCount(0);
    await axe(page);
  });

  test('le filtre « à renouveler sous 90 jours » liste le partenariat du CCAS', async ({ page }) => {
    await loginAs(page, 'coordinateurParis');
    await page.goto('/conventions');
    const liste = page.getByRole('table', { name: 'Liste des conventions' });
    await expect(liste.getByRole('link', { name: 'Partenariat – SIAO de Paris' })).toBeVisible();

    // The URL drives the checkbox: it shows checked once the navigation is rendered.
    await page.getByRole('checkbox', { name: 'À renouveler sous 90 jours' }).click();
    await expect(page.getByRole('checkbox', { name: 'À renouveler sous 90 jours' })).toBeChecked();
    await expect(page).toHaveURL(/[?&]renouveler=1(&|$)/);
    await expect(liste.getByRole('link', { name: 'Partenariat – CCAS du 19e arrondissement' })).toBeVisible();
    await expect(liste.getByRole('link', { name: 'Partenariat – SIAO de Paris' })).toHaveCount(0);
    for (const row of await liste.locator('tbody tr').all()) {
      await expect(row).toContainText('Active');
    }
    await axe(page);

    // Filters combine and stay in the address; the back button undoes the last one.
    await page.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'Partenariat' });
    await expect(page).toHaveURL(/type=partenariat/);
    await expect(liste.getByRole('link', { name: 'Partenariat – CCAS du 19e arrondissement' })).toBeVisible();
    await page.goBack();
    await expect(page).not.toHaveURL(/type=partenariat/);
    await expect(page.getByRole('checkbox', { name: 'À renouveler sous 90 jours' })).toBeChecked();

    await page.goto('/conventions?statut=en_signature');
    await expect(page.getByRole('combobox', { name: 'Statut' })).toHaveValue('en_signature');
    await expect(liste.getByRole('link', { name: 'Partenariat – PASS hospitalière Saint-Martin' })).toBeVisible();
    await expect(liste.locator('tbody tr').first()).toContainText('En signature');
    await axe(page);
  });

  test('la navigation mène à l’annuaire et aux conventions', async ({ page }) => {
    await loginAs(page, 'financeur');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const burger = page.getByRole('button', { name: 'Ouvrir le menu' });
    if (await burger.isVisible()) await burger.click();
    await nav.getByRole('link', { name: 'Conventions' }).click();
    await heading(page, 'Conventions');
    // Away from the link: axe checks the page at rest, not the pointer's hover colours.
    await page.mouse.move(0, 0);
    // A financeur reads the conventions it is party to, and writes none.
    await expect(page.getByRole('link', { name: 'Nouvelle convention' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Liste des conventions' })).toContainText('Financement');
    await axe(page);
  });
});
