import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import type { PopperProps } from '@mui/material/Popper';
import TextField from '@mui/material/TextField';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ContextSummary, SandboxStatus } from '../../shared/contract';
import { findSharedNames, isSandboxContext } from './context-display';
import { ContextOption } from './ContextOption';

export interface ContextPickerProps {
  /** Null while the first list is loading. */
  contexts: readonly ContextSummary[] | null;
  activeId: string | null;
  sandbox: SandboxStatus | null;
  onPick(contextId: string): void;
  onDismiss(): void;
}

const filterContexts = createFilterOptions<ContextSummary>({
  stringify: (context) => `${context.ref.name} ${context.cluster} ${context.ref.source}`,
});

/**
 * Renders the option list in place instead of in a floating popper, because
 * the picker already sits in its own popover and the list is always open.
 */
function InlinePopper(props: PopperProps) {
  const { anchorEl: _anchorEl, disablePortal: _disablePortal, open: _open, ...rest } = props;
  const { className, style, role, children } = rest;
  return (
    <div className={className} style={{ ...style, position: 'static', width: '100%' }} role={role}>
      {children as ReactNode}
    </div>
  );
}

/** Renders a searchable list of every context. Invalid entries are listed but cannot be picked. */
export function ContextPicker({
  contexts,
  activeId,
  sandbox,
  onPick,
  onDismiss,
}: ContextPickerProps) {
  const { t } = useTranslation();
  const options = contexts ?? [];
  const sharedNames = findSharedNames(options);
  const active = options.find((context) => context.id === activeId) ?? null;
  // The search starts empty instead of showing the active name, so typing filters at once.
  const [query, setQuery] = useState('');

  return (
    <Autocomplete<ContextSummary, false, false, false>
      open
      autoHighlight
      options={options}
      value={active}
      inputValue={query}
      onInputChange={(_event, value, reason) => {
        if (reason === 'input' || reason === 'clear') setQuery(value);
      }}
      loading={contexts === null}
      loadingText={t('contextSwitcher.loading')}
      noOptionsText={
        options.length === 0 ? t('contextSwitcher.empty') : t('contextSwitcher.noMatch')
      }
      getOptionLabel={(context) => context.ref.name}
      getOptionKey={(context) => context.id}
      isOptionEqualToValue={(option, value) => option.id === value.id}
      getOptionDisabled={(context) => context.invalidReason !== null}
      filterOptions={filterContexts}
      forcePopupIcon={false}
      disableClearable={false}
      clearIcon={null}
      slots={{ popper: InlinePopper }}
      slotProps={{ listbox: { sx: { maxHeight: 360 } } }}
      sx={{ width: 420 }}
      onChange={(_event, context) => {
        // MUI blocks clicks on disabled options only through CSS pointer-events,
        // so an invalid context is also rejected here.
        if (context && context.invalidReason === null) onPick(context.id);
      }}
      onClose={(_event, reason) => {
        if (reason === 'escape') onDismiss();
      }}
      renderOption={(props, context) => {
        const { key, ...optionProps } = props;
        return (
          <li key={key} {...optionProps} data-testid="context-option">
            <ContextOption
              context={context}
              active={context.id === activeId}
              showSource={sharedNames.has(context.ref.name)}
              sandbox={isSandboxContext(context, sandbox)}
            />
          </li>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          autoFocus
          size="small"
          placeholder={t('contextSwitcher.search')}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'aria-label': t('contextSwitcher.search') },
          }}
        />
      )}
    />
  );
}
