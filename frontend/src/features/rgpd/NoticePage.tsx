import { Button, Group, Stack, Text, Title } from '@mantine/core';

import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { NOTICE, NOTICE_TITRE } from './notice';
import './rgpd.css';

/** The information notice, to print and hand to the person at their accueil. */
export function NoticePage() {
  usePageTitle("Notice d'information");
  const moi = useMoi();
  return (
    <Stack gap="md" maw={760} className="notice">
      <Group justify="space-between" align="center" className="no-print">
        <Text>À remettre à la personne lors de son accueil, puis à noter dans ses consentements (« Notice d'information remise »).</Text>
        <Button onClick={() => window.print()}>Imprimer la notice</Button>
      </Group>
      <PageHeading>{NOTICE_TITRE}</PageHeading>
      <Text>
        Votre chantier : <strong>{moi.structure_nom}</strong>
      </Text>
      {NOTICE.map((section) => (
        <Stack key={section.titre} gap={4} component="section" className="notice-section">
          <Title order={2} size="h3">
            {section.titre}
          </Title>
          {section.paragraphes.map((paragraphe) => (
            <Text key={paragraphe}>{paragraphe}</Text>
          ))}
        </Stack>
      ))}
      <Stack gap="md" className="notice-remise">
        {['Personne à contacter', 'Notice remise le', 'Par'].map((champ) => (
          <div key={champ} className="notice-ligne">
            <Text span>{champ} :</Text>
            <span className="notice-blanc" aria-hidden="true" />
          </div>
        ))}
      </Stack>
    </Stack>
  );
}
