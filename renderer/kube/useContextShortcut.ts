import { useEffect } from 'react';

/** Calls `onOpen` on Ctrl+K, or Cmd+K on macOS, anywhere in the window. */
export function useContextShortcut(onOpen: () => void): void {
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent): void {
      const modifier = event.ctrlKey || event.metaKey;
      if (!modifier || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return;

      // Browsers bind Ctrl+K to the address bar search, so the app takes it over.
      event.preventDefault();
      onOpen();
    }

    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, [onOpen]);
}
