import { describe, expect, it } from 'vitest';

import { exportFileName } from './useRgpd';

describe('exportFileName', () => {
  it('names the file by date and format, never by person', () => {
    const day = new Date('2026-03-12T10:00:00Z');
    expect(exportFileName('html', day)).toBe('donnees-personnelles-2026-03-12.html');
    expect(exportFileName('json', day)).toBe('donnees-personnelles-2026-03-12.json');
  });
});
