import { createTheme, type Theme } from '@mui/material/styles';

export type ThemeMode = 'light' | 'dark';

// The app runs offline, so it uses the operating system's fonts rather than a web font.
const systemFontStack = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Noto Sans KR"',
  '"Apple SD Gothic Neo"',
  '"Malgun Gothic"',
  'sans-serif',
].join(',');

export function createAppTheme(mode: ThemeMode): Theme {
  return createTheme({
    palette: { mode, primary: { main: mode === 'dark' ? '#7aa7ff' : '#1a56c4' } },
    typography: { fontFamily: systemFontStack },
    components: {
      MuiTableCell: { styleOverrides: { root: { verticalAlign: 'top' } } },
      // Upper-case labels do not exist in Korean and make English labels harder to scan.
      MuiButton: { styleOverrides: { root: { textTransform: 'none' } } },
    },
  });
}
