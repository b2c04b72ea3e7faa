import type { Session } from 'electron';

import { contentSecurityPolicy } from '../../shared/content-security-policy';

export { contentSecurityPolicy };

const headerName = 'Content-Security-Policy';

/**
 * Returns the response headers with the app's policy in place of any
 * Content-Security-Policy header the response carried, whatever its casing.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== headerName.toLowerCase()) result[name] = values;
  }
  result[headerName] = [contentSecurityPolicy];
  return result;
}

/**
 * Adds the policy header to every response the session receives.
 *
 * NOTE: Electron's security guide (docs/tutorial/security.md, "CSP meta tag")
 * states that a header set here does not apply to pages loaded over file://,
 * which is how the window loads dist/renderer/index.html. That page must carry
 * the same policy in a <meta http-equiv="Content-Security-Policy"> tag. The
 * header still covers anything the session loads over http(s).
 */
export function installContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}
