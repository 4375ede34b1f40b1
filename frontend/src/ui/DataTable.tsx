import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

interface DataTableProps {
  /** Accessible name of the table (read by screen readers, hidden on screen). */
  caption: string;
  children: ReactNode;
  minWidth?: number;
}

/**
 * A table that scrolls sideways on narrow screens inside a keyboard-focusable
 * region (so keyboard users can scroll it too).
 */
export function DataTable({ caption, children, minWidth }: DataTableProps) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <Table striped highlightOnHover verticalSpacing="xs" miw={minWidth}>
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        {children}
      </Table>
    </div>
  );
}
