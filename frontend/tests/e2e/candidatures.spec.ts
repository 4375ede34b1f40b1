import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './axe';
import { loginAs, submitCredentials } from './session';

const PASSWORD = 'cheval-agrafe-pile-correcte';

/** Ask for the link of a voie and follow it from the demo mailbox. */
async function demanderEtOuvrirLien(page: Page, chemin: string, email: string): Promise<void> {
  await page.goto(`/etre-partenaire/${chemin}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The form waits for a human: axe runs while the form is shown (minimum fill time).
  await expectNoAxeViolations(page);
  await page.getByLabel('Votre adresse e-mail professionnelle').fill(email);
  // A person takes a few seconds; the API refuses a form sent faster (its minimum fill time).
  await page.waitForTimeout(3000);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await expect(page.getByText('Vérifiez votre boîte e-mail.')).toBeVisible();

  await page.goto('/boite-demo');
  const message = page.getByRole('article').filter({ hasText: `À : ${email}` }).first();
  await expect(message).toBeVisible();
  await message.getByRole('link', { name: /Ouvrir le lien/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Ma candidature/ })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
}

function siret(serial: number): string {
  const base = `999${String(serial).padStart(10, '0')}`;
  for (let check = 0; check < 10; check += 1) {
    const candidate = `${base}${check}`;
    let total = 0;
    [...candidate].reverse().forEach((char, index) => {
      let value = Number(char) * (index % 2 === 1 ? 2 : 1);
      if (value > 9) value -= 9;
      total += value;
    });
    if (total % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

test('un partenaire candidate, la chargée de partenariat accepte, le contact active son compte', { tag: '@bureau' }, async ({ page }) => {
  // A whole journey across three people, axe on each page: longer than one screen's test.
  test.slow();
  const stamp = Date.now();
  const email = `candidature.${stamp}@candidat.example.org`;
  const contact = `contact.${stamp}@candidat.example.org`;
  const nom = `Accès aux droits ${stamp}`;

  await demanderEtOuvrirLien(page, 'partenaire', email);
  await page.getByLabel('Nom de l’organisation *').fill(nom);
  await page.getByLabel('SIRET *').fill(siret(stamp % 10_000_000));
  await page.getByLabel('Paris', { exact: true }).check();
  await page.getByLabel('Type d’organisation *').selectOption({ label: 'Association' });
  await page.getByLabel('Accès aux droits', { exact: true }).check();
  await page.getByLabel('Nom du service').fill('Permanence droits sociaux');
  await page.getByLabel('Délai de réponse aux orientations, en jours *').fill('7');
  await page.getByLabel('Personne qui répondra aux orientations *').fill('Alix Candidate');
  await page.getByLabel('Prénom').fill('Alix');
  await page.getByLabel('Nom', { exact: true }).fill('Candidate');
  await page.getByLabel('E-mail', { exact: true }).fill(contact);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page.getByText('Reçue', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // The chargé·e de partenariat of Paris instructs and accepts.
  await page.goto('/connexion');
  await submitCredentials(page, 'partenariat.paris@demo.example.org');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await page.goto('/candidatures?statut=soumise');
  await expect(page.getByRole('heading', { level: 1, name: 'Candidatures au réseau' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: nom }).click();
  await expect(page.getByRole('heading', { level: 1, name: nom })).toBeVisible();
  await page.getByLabel('Nouveau commentaire').fill('Structure connue, avis favorable.');
  await page.getByRole('button', { name: 'Commenter' }).click();
  await expect(page.getByText('Structure connue, avis favorable.')).toBeVisible();
  await page.getByRole('button', { name: 'Prise en instruction' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Prise en instruction' }).click();
  await expect(page.getByText('En instruction', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Acceptation' }).click();
  await page.getByRole('dialog').getByLabel('Message à la personne (facultatif)').fill('Bienvenue dans le réseau !');
  await page.getByRole('dialog').getByRole('button', { name: 'Acceptation' }).click();
  await expect(page.getByText("Ce que l'acceptation a créé")).toBeVisible();
  await expect(page.getByText('1 invitation envoyée')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();

  // The applicant follows the decision with the same browser.
  await page.goto('/candidature');
  await expect(page.getByText('Acceptée', { exact: true })).toBeVisible();
  await expect(page.getByText('Bienvenue dans le réseau !')).toBeVisible();

  // The contact accepts the invitation from the demo mailbox and signs in: an empty inbox.
  await page.goto('/boite-demo');
  const invitation = page.getByRole('article').filter({ hasText: `À : ${contact}` }).first();
  await expect(invitation).toBeVisible();
  await invitation.getByRole('link', { name: /Ouvrir le lien/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activer mon compte' })).toBeVisible();
  await page.getByLabel('Nouveau mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await submitCredentials(page, contact, PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Orientations reçues' })).toBeVisible();
  await expect(page.getByText('Aucune orientation reçue pour le moment')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('un chantier candidate pour un nouveau territoire, l’équipe nationale l’accepte', { tag: '@bureau' }, async ({ page }) => {
  // A whole journey across three people, axe on each page: longer than one screen's test.
  test.slow();
  const stamp = Date.now();
  const email = `chantier.${stamp}@candidat.example.org`;
  const nom = `Chantier du Bocage ${stamp}`;
  const territoire = `Pays du Bocage ${stamp}`;

  await demanderEtOuvrirLien(page, 'chantier', email);
  await page.getByLabel('Nom de l’organisation *').fill(nom);
  await page.getByLabel('SIRET *').fill(siret((stamp % 10_000_000) + 1));
  await page.getByLabel('Territoire souhaité *').selectOption({ label: 'Un nouveau territoire' });
  await page.getByLabel('Nom du nouveau territoire *').fill(territoire);
  await page.getByLabel('Capacité d’accueil (postes) *').fill('12');
  await page.getByLabel('Votre projet').fill('Un ACI de maraîchage qui veut porter Convergence.');
  await page.getByLabel('Joindre un document').setInputFiles({
    name: 'projet.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await expect(page.getByRole('list', { name: 'Documents joints' })).toContainText('projet.pdf');
  await page.getByLabel('Prénom').fill('Sam');
  await page.getByLabel('Nom', { exact: true }).fill('Porteur');
  await page.getByLabel('E-mail', { exact: true }).fill(`sam.${stamp}@candidat.example.org`);
  await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page.getByText('Reçue', { exact: true })).toBeVisible();

  await loginAs(page, 'admin');
  await page.goto('/candidatures?voie=chantier_porteur');
  await page.getByRole('link', { name: nom }).click();
  await expect(page.getByText(`Nouveau territoire : ${territoire}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Télécharger projet.pdf' })).toBeVisible();
  await page.getByRole('button', { name: 'Prise en instruction' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Prise en instruction' }).click();
  await expect(page.getByText('En instruction', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Acceptation' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Densité du nouveau territoire/).selectOption({ label: 'Territoire peu dense' });
  await dialog.getByRole('button', { name: 'Acceptation' }).click();
  await expect(page.getByText("Ce que l'acceptation a créé")).toBeVisible();
  await page.getByRole('link', { name: 'Le territoire en préparation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: territoire })).toBeVisible();
  await expect(page.getByText('En préparation').first()).toBeVisible();
  // The candidate chantier is the territoire's future porteur.
  await expect(page.getByRole('region', { name: 'Structures du territoire' }).getByRole('link', { name: nom })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('sur un téléphone', () => {
  // The phone project runs the field staff's specs; these public pages are checked at 360 px here.
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('les formulaires de candidature se lisent sur un téléphone', async ({ page }) => {
    for (const chemin of ['chantier', 'partenaire', 'financeur']) {
      await page.goto(`/etre-partenaire/${chemin}`);
      await expect(page.getByRole('button', { name: 'Recevoir le lien' })).toBeEnabled();
      await expectNoAxeViolations(page);
    }
    // Without a link nor a kept key, the page says how to get one.
    await page.goto('/candidature');
    await expect(page.getByRole('alert')).toContainText('Ouvrez le lien reçu par e-mail');
    await expectNoAxeViolations(page);
  });
});
