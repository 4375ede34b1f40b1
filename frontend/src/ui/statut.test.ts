import { describe, expect, it } from 'vitest';

import { statutFamilies, toneColors } from './statut';

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('status badges', () => {
  it('keep white text readable on every tone (WCAG AA, 4.5:1)', () => {
    for (const [tone, color] of Object.entries(toneColors)) {
      expect(contrast(color, '#ffffff'), tone).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('give every status of every family a label and a tone', () => {
    for (const family of Object.values(statutFamilies)) {
      expect(Object.keys(family.tones).sort()).toEqual(Object.keys(family.labels).sort());
    }
  });

  it('do not tell different territoire statuses by colour alone: each has its own label', () => {
    const labels = Object.values(statutFamilies.territoire.labels);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
