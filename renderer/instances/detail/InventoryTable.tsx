import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTranslation } from 'react-i18next';

import type { InventoryEntry } from '../../../shared/provision/instance';

interface Group {
  component: string;
  kinds: Map<string, number>;
  total: number;
}

/** Counts the inventory per component and kind, components by size. */
export function groupInventory(entries: InventoryEntry[]): Group[] {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const group = groups.get(entry.component) ?? {
      component: entry.component,
      kinds: new Map<string, number>(),
      total: 0,
    };
    group.kinds.set(entry.ref.kind, (group.kinds.get(entry.ref.kind) ?? 0) + 1);
    group.total += 1;
    groups.set(entry.component, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.total - a.total || a.component.localeCompare(b.component),
  );
}

/** The objects the app applied for an instance, by component and kind. */
export function InventoryTable({ entries }: { entries: InventoryEntry[] }) {
  const { t } = useTranslation();
  return (
    <Table size="small" aria-label={t('instances.detail.inventory')} data-testid="inventory">
      <TableHead>
        <TableRow>
          <TableCell>{t('instances.detail.component')}</TableCell>
          <TableCell align="right">{t('instances.detail.objects')}</TableCell>
          <TableCell>{t('instances.detail.kinds')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {groupInventory(entries).map((group) => (
          <TableRow key={group.component}>
            <TableCell>{group.component}</TableCell>
            <TableCell align="right">{group.total}</TableCell>
            <TableCell>
              {[...group.kinds]
                .sort((a, b) => b[1] - a[1])
                .map(([kind, count]) => `${kind} ${count}`)
                .join(', ')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
