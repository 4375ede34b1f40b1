import { createHmac } from 'node:crypto';

import { type Page, expect } from '@playwright/test';

/** The demo accounts (convergence seed-demo), all with the same password. */
export const DEMO_PASSWORD = 'Demo-Convergence-2026';

export const ACCOUNTS = {
  admin: 'admin@demo.example.org',
  coordinateurParis: 'coordinateur.paris@demo.example.org',
  accompagnateurParis: 'accompagnateur.paris@demo.example.org',
  directionParis: 'direction.paris@demo.example.org',
  // Enrols TOTP in auth.spec.ts: later specs sign in as another direction.
  directionLyon: 'direction.lyon@demo.example.org',
  partenaireSiao: 'partenaire.siao@demo.example.org',
  partenariatParis: 'partenariat.paris@demo.example.org',
  financeur: 'financeur@demo.example.org',
  fasIdf: 'fas.idf@demo.example.org',
  evaluateur: 'evaluateur@demo.example.org',
} as const;

export type Account = keyof typeof ACCOUNTS;

/** Fills the login form (the page must show it). */
export async function submitCredentials(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  // Required fields carry an asterisk in their label: match the accessible name.
  await page.getByRole('textbox', { name: 'Adresse e-mail', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * Signs in through the form. The access token lives in the page's memory, so
 * there is no storage state to reuse: each test signs in (it is quick).
 * Every later page.goto() restores the session from the refresh cookie.
 */
export async function loginAs(page: Page, account: Account, path = '/connexion'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await submitCredentials(page, ACCOUNTS[account]);
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/**
 * Signs out and waits for the login page: the refresh cookie is revoked only once the
 * server has answered, so a page opened before that would find the session again.
 */
export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByText('Vous êtes déconnecté·e.')).toBeVisible();
}

/** Opens the menu on a phone (behind the burger); no-op on a desktop. */
export async function openNavigation(page: Page) {
  const burger = page.getByRole('button', { name: 'Ouvrir le menu' });
  if (await burger.isVisible()) await burger.click();
  return page.getByRole('navigation', { name: 'Navigation principale' });
}

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`caractère base32 invalide : ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP: HMAC-SHA1, 30 s steps, 6 digits. */
export function totp(secret: string, now: number = Date.now()): string {
  const counter = Math.floor(now / 1000 / 30);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}
