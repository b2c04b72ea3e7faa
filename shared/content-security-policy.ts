/**
 * The Content-Security-Policy of the renderer, in the Electron window and in
 * the web bridge alike. Everything loads from the app's own files. Styles
 * allow 'unsafe-inline' because MUI (through Emotion) injects <style>
 * elements at run time. Images and fonts allow data: URLs for inlined icons.
 * connect-src 'self' covers the web bridge's own /api; Electron uses IPC.
 * renderer/index.html repeats this policy in a meta tag, without
 * frame-ancestors, which browsers ignore there.
 */
export const contentSecurityPolicy = [
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
].join('; ');
