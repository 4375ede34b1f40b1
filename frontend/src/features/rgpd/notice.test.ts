import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { NOTICE, NOTICE_TITRE } from './notice';

/** Section 4 of docs/rgpd.md, with line breaks and apostrophes made comparable. */
function flat(text: string): string {
  return text.replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
}

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/rgpd.md', import.meta.url)), 'utf8');
const section = flat(doc.split("## 4. Notice d'information")[1] ?? '');

describe("notice d'information", () => {
  it('says in the SPA exactly what docs/rgpd.md says', () => {
    expect(section).not.toBe('');
    expect(section).toContain(`### ${flat(NOTICE_TITRE)}`);
    for (const part of NOTICE) {
      expect(section).toContain(`#### ${flat(part.titre)}`);
      for (const paragraphe of part.paragraphes) expect(section).toContain(flat(paragraphe));
    }
  });

  it('leaves no paragraph of the document out of the screen', () => {
    const shown = NOTICE.flatMap((part) => part.paragraphes).map(flat).join(' ');
    const body = doc.split("## 4. Notice d'information")[1]?.split('\n#### ').slice(1) ?? [];
    expect(body).toHaveLength(NOTICE.length);
    for (const block of body) {
      const text = block.split('\n').slice(1).join('\n');
      for (const paragraph of text.split(/\n\s*\n/).map(flat).filter((p) => p !== '')) expect(shown).toContain(paragraph);
    }
  });
});
