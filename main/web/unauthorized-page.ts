import en from '../../shared/i18n/en.json';
import ko from '../../shared/i18n/ko.json';

/**
 * Renders the page a browser gets without a session. It explains in Korean
 * and English how to open the app, with texts from the locale files.
 */
export function unauthorizedPage(): string {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>Kubeflow Desktop</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Kubeflow Desktop</h1>
<p lang="ko">${escape(ko.errors.sessionExpired)}</p>
<p lang="en">${escape(en.errors.sessionExpired)}</p>
</body></html>
`;
}
