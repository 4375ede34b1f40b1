import { Button } from '@mantine/core';
import { Link } from 'react-router';

import { useMoi } from '../../app/auth/AuthProvider';
import { can } from '../../app/permissions';

/**
 * The way into the data·inclusion import, on the partner directory: for those who may write
 * the directory (the permission the API checks). A file of its own: the page stays in its chunk.
 */
export function ImporterDepuisDataInclusion() {
  const moi = useMoi();
  if (!can(moi, 'structures:write')) return null;
  return (
    <Button component={Link} to="/structures/importer" variant="outline">
      Importer depuis data·inclusion
    </Button>
  );
}
