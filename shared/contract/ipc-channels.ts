/**
 * IPC channel names used between the Electron preload and main. They live in
 * their own module, free of imports, so the preload bundle can use them
 * without pulling in zod and the schemas.
 */
export const ipcChannels = {
  call: 'kfd:call',
  event: 'kfd:event',
} as const;
