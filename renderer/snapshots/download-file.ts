/** Saves text as a file through the browser's download, which Electron turns into a save dialog. */
export function downloadFile(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  // The browser reads the blob after the click returns, so the URL is released later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
