// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so tests that would launch it cannot run. csp.ts imports Electron only for
// its types, so a plain object replaces the session and records the listener
// passed to webRequest.onHeadersReceived.
import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';

import {
  contentSecurityPolicy,
  installContentSecurityPolicy,
  withContentSecurityPolicy,
} from './csp';

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

function createFakeSession() {
  const recorded: { listener: HeadersListener | null } = { listener: null };
  const session = {
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        recorded.listener = listener;
      },
    },
  };
  return { session: session as unknown as Session, recorded };
}

/** Runs the installed listener on one response and returns the headers it passed back. */
function receive(responseHeaders?: Record<string, string[]>): Record<string, string[]> | undefined {
  const { session, recorded } = createFakeSession();
  installContentSecurityPolicy(session);
  if (!recorded.listener) throw new Error('installContentSecurityPolicy registered no listener');

  let result: { responseHeaders?: Record<string, string[]> } | undefined;
  recorded.listener(
    { url: 'https://example.com/', responseHeaders },
    (response) => (result = response),
  );
  if (!result) throw new Error('the listener did not call back');
  return result.responseHeaders;
}

describe('contentSecurityPolicy', () => {
  const directives = contentSecurityPolicy.split('; ');

  it.each([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ])('contains %s', (directive) => {
    expect(directives).toContain(directive);
  });

  it('never allows eval or inline scripts', () => {
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    const scriptSource = directives.find((directive) => directive.startsWith('script-src'));
    expect(scriptSource).toBe("script-src 'self'");
  });
});

describe('installContentSecurityPolicy', () => {
  it('adds the header to a response', () => {
    const headers = receive({ 'Content-Type': ['text/html'] });
    expect(headers?.['Content-Security-Policy']).toEqual([contentSecurityPolicy]);
  });

  it('keeps the other response headers', () => {
    const headers = receive({ 'Content-Type': ['text/html'], 'Cache-Control': ['no-cache'] });
    expect(headers?.['Content-Type']).toEqual(['text/html']);
    expect(headers?.['Cache-Control']).toEqual(['no-cache']);
  });

  it('replaces a weaker policy sent in any casing', () => {
    const headers = receive({
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
    });
    expect(headers?.['content-security-policy']).toBeUndefined();
    expect(headers?.['Content-Security-Policy']).toEqual([contentSecurityPolicy]);
  });

  it('adds the header when the response has none', () => {
    expect(receive(undefined)).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy] });
  });
});

describe('withContentSecurityPolicy', () => {
  it('does not modify the headers it is given', () => {
    const original = { 'Content-Type': ['text/html'] };
    withContentSecurityPolicy(original);
    expect(original).toEqual({ 'Content-Type': ['text/html'] });
  });
});
