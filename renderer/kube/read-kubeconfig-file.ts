/** Maximum kubeconfig length in characters (4 MiB) that the 'kube.importKubeconfig' request schema accepts. */
export const maxImportChars = 4 * 1024 * 1024;
/** Maximum import name length that the same request schema accepts. */
export const maxNameChars = 200;

export type FileReadResult =
  | { ok: true; content: string }
  | { ok: false; reason: 'too-large' }
  | { ok: false; reason: 'read-failed'; detail: string | null };

/** Reads a chosen file as UTF-8 text with FileReader, rejecting a file larger than the import limit before reading it. */
export function readKubeconfigFile(file: Blob): Promise<FileReadResult> {
  // A UTF-8 file never decodes to more UTF-16 code units than it has bytes,
  // so a file within the byte limit is also within the character limit.
  if (file.size > maxImportChars) return Promise.resolve({ ok: false, reason: 'too-large' });

  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ ok: true, content: String(reader.result ?? '') });
    reader.onerror = () =>
      resolve({
        ok: false,
        reason: 'read-failed',
        detail: reader.error?.message ?? null,
      });
    reader.readAsText(file);
  });
}
