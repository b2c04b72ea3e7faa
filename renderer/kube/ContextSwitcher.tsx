import UnfoldMore from '@mui/icons-material/UnfoldMore';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Popover from '@mui/material/Popover';
import Tooltip from '@mui/material/Tooltip';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAppStore } from '../app/useAppStore';
import { displayStatus } from './check-display';
import { CheckStatusDot } from './CheckStatusDot';
import { isSandboxContext } from './context-display';
import { ContextPicker } from './ContextPicker';
import { SandboxChip } from './SandboxChip';
import { useCheckStore } from './useCheckStore';
import { useContextShortcut } from './useContextShortcut';
import { useContextStore } from './useContextStore';

/** Top-bar button that shows the active context with its connection status dot and opens a searchable picker (also on Ctrl/Cmd+K). */
export function ContextSwitcher() {
  const { t } = useTranslation();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);

  const contexts = useContextStore((state) => state.list?.contexts ?? null);
  const activeId = useContextStore((state) => state.activeId);
  const switchingTo = useContextStore((state) => state.switchingTo);
  const setActive = useContextStore((state) => state.setActive);
  const activeCheck = useCheckStore((state) => (activeId ? state.checks[activeId] : undefined));
  const sandbox = useAppStore((state) => state.sandbox);
  const platform = useAppStore((state) => state.info?.platform);

  const openPicker = useCallback(() => setOpen(true), []);
  useContextShortcut(openPicker);

  const active = contexts?.find((context) => context.id === activeId) ?? null;
  const switching = contexts?.find((context) => context.id === switchingTo) ?? null;
  const shortcut = platform === 'darwin' ? '⌘K' : 'Ctrl+K';

  function pick(contextId: string): void {
    setOpen(false);
    if (contextId !== activeId) void setActive(contextId);
  }

  return (
    <>
      <Tooltip
        title={
          switching
            ? t('contextSwitcher.switching', { context: switching.ref.name })
            : t('contextSwitcher.open', { shortcut })
        }
      >
        <Button
          ref={buttonRef}
          color="inherit"
          variant="outlined"
          data-testid="context-switcher"
          aria-haspopup="dialog"
          aria-busy={switching !== null}
          onClick={openPicker}
          endIcon={switching ? <CircularProgress size={16} color="inherit" /> : <UnfoldMore />}
          sx={{ maxWidth: 420, gap: 1 }}
        >
          <Box component="span" sx={{ opacity: 0.8 }}>
            {t('contextSwitcher.label')}:
          </Box>
          {active && <CheckStatusDot status={displayStatus(active, activeCheck)} />}
          <Box
            component="span"
            data-testid="active-context"
            sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {active?.ref.name ?? t('contextSwitcher.noneActive')}
          </Box>
          {active && isSandboxContext(active, sandbox) && <SandboxChip />}
        </Button>
      </Tooltip>
      <Popover
        open={open}
        anchorEl={() => buttonRef.current as HTMLElement}
        onClose={() => setOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { p: 1.5 } } }}
      >
        <ContextPicker
          contexts={contexts}
          activeId={activeId}
          sandbox={sandbox}
          onPick={pick}
          onDismiss={() => setOpen(false)}
        />
      </Popover>
    </>
  );
}
