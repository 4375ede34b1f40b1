/** Housing situations grouped like the HMIS ranges, for selects (entry, check-ins, exit). */
import type { SituationLogement } from '../../api/types';
import { groupeLogementLabels, situationLogementLabels } from '../../i18n/parcours';
import { GROUPE_DE_SITUATION } from '../../i18n/referentiel.generated';

export function situationLogementOptions() {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [situation, groupe] of Object.entries(GROUPE_DE_SITUATION) as [SituationLogement, keyof typeof groupeLogementLabels][]) {
    const label = groupeLogementLabels[groupe];
    const items = groups.get(label) ?? [];
    items.push({ value: situation, label: situationLogementLabels[situation] });
    groups.set(label, items);
  }
  return [...groups.entries()].map(([group, items]) => ({ group, items }));
}
