import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { LanguageSchema, ThemeSchema, type Language, type Theme } from '../../shared/contract';
import { PageHeading } from '../app/PageHeading';
import { useAppStore } from '../app/useAppStore';
import { AboutPanel } from './AboutPanel';

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);

  return (
    <>
      <PageHeading>{t('settings.title')}</PageHeading>
      <Stack spacing={3} sx={{ maxWidth: 480 }}>
        <Paper variant="outlined" sx={{ p: 3 }}>
          <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
            {t('settings.appearance')}
          </Typography>
          <Stack spacing={3}>
            {/* Native selects, so keyboard users and browser tests get a plain <select>. */}
            <TextField
              select
              label={t('settings.language.label')}
              value={settings?.language ?? 'system'}
              disabled={!settings}
              onChange={(event) =>
                void updateSettings({ language: event.target.value as Language })
              }
              slotProps={{
                select: { native: true },
                htmlInput: { 'data-testid': 'settings-language' },
              }}
            >
              {LanguageSchema.options.map((language) => (
                <option key={language} value={language}>
                  {t(`settings.language.${language}`)}
                </option>
              ))}
            </TextField>
            <TextField
              select
              label={t('settings.theme.label')}
              value={settings?.theme ?? 'system'}
              disabled={!settings}
              onChange={(event) => void updateSettings({ theme: event.target.value as Theme })}
              slotProps={{
                select: { native: true },
                htmlInput: { 'data-testid': 'settings-theme' },
              }}
            >
              {ThemeSchema.options.map((theme) => (
                <option key={theme} value={theme}>
                  {t(`settings.theme.${theme}`)}
                </option>
              ))}
            </TextField>
          </Stack>
        </Paper>
        <AboutPanel />
      </Stack>
    </>
  );
}
