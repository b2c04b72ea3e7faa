import Box from '@mui/material/Box';
import { useState, type ReactNode } from 'react';

export interface VirtualRowsProps<T> {
  rows: readonly T[];
  /** Height of every row in pixels; windowing needs it fixed. */
  rowHeight: number;
  /** Height of the scrolling area in pixels. */
  height: number;
  rowKey(row: T): string;
  renderRow(row: T, index: number): ReactNode;
  /** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
  overscan?: number;
  testId?: string;
  label: string;
}

/**
 * A windowed list: only the rows in view (plus `overscan`) are in the DOM,
 * positioned inside a spacer as tall as all rows, so 10,000 rows render as
 * fast as 30.
 */
export function VirtualRows<T>({
  rows,
  rowHeight,
  height,
  rowKey,
  renderRow,
  overscan = 8,
  testId,
  label,
}: VirtualRowsProps<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const visible = rows.slice(first, last);

  return (
    <Box
      role="rowgroup"
      aria-label={label}
      data-testid={testId}
      data-row-count={rows.length}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      sx={{
        height: Math.min(height, rows.length * rowHeight + 2),
        overflowY: 'auto',
        position: 'relative',
      }}
    >
      <Box sx={{ height: rows.length * rowHeight, position: 'relative' }}>
        {visible.map((row, offset) => (
          <Box
            key={rowKey(row)}
            role="row"
            sx={{
              position: 'absolute',
              top: (first + offset) * rowHeight,
              left: 0,
              right: 0,
              height: rowHeight,
              display: 'flex',
              alignItems: 'center',
              gap: 2,
              px: 2,
              borderBottom: 1,
              borderColor: 'divider',
            }}
          >
            {renderRow(row, first + offset)}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
