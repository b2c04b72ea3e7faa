import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccessStore } from './useAccessStore';

/** Reads `instance=<key>` from the hash query, as the Instances screen links with it. */
function instanceFromHash(): string | null {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('instance');
}

/** Picks the instance the Access and Roles screens work on; follows `?instance=` in the address. */
export function InstancePicker() {
  const { t } = useTranslation();
  const instances = useAccessStore((state) => state.instances);
  const selectedKey = useAccessStore((state) => state.selectedKey);
  const select = useAccessStore((state) => state.select);
  const loadInstances = useAccessStore((state) => state.loadInstances);

  useEffect(() => {
    const fromHash = instanceFromHash();
    if (fromHash) select(fromHash);
    void loadInstances();
    const onHash = () => {
      const key = instanceFromHash();
      if (key) select(key);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [select, loadInstances]);

  const options = instances ?? [];
  const known = options.some((instance) => instance.key === selectedKey);
  return (
    <TextField
      select
      size="small"
      label={t('accessPage.instance')}
      value={known ? selectedKey : ''}
      onChange={(event) => select(event.target.value)}
      sx={{ minWidth: 320 }}
      slotProps={{ htmlInput: { 'data-testid': 'instance-picker' } }}
    >
      {options.map((instance) => (
        <MenuItem key={instance.key} value={instance.key}>
          {t('accessPage.instanceOption', {
            name: instance.name,
            context: instance.contextName,
            release: instance.release,
          })}
        </MenuItem>
      ))}
    </TextField>
  );
}
