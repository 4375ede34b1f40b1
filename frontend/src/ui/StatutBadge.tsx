import { Badge } from '@mantine/core';

import { type StatutFamilyName, type StatutOf, statutFamilies, toneColors } from './statut';

interface StatutBadgeProps<F extends StatutFamilyName> {
  famille: F;
  statut: StatutOf<F>;
}

/** The one way to show a status: its French label on a colour of its tone. */
export function StatutBadge<F extends StatutFamilyName>({ famille, statut }: StatutBadgeProps<F>) {
  const family = statutFamilies[famille] as {
    labels: Record<string, string>;
    tones: Record<string, keyof typeof toneColors>;
  };
  const key = statut as string;
  const tone = family.tones[key] ?? 'neutral';
  const label = family.labels[key] ?? key;
  return (
    <Badge
      color={toneColors[tone]}
      autoContrast={false}
      variant="filled"
      radius="sm"
      size="lg"
      tt="none"
      fw={600}
      data-tone={tone}
      data-statut={key}
    >
      {label}
    </Badge>
  );
}
