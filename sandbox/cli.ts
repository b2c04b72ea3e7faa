import { sandboxContexts, start } from './sandbox';

/**
 * `npm run sandbox`: starts a fresh sandbox (building it the first time),
 * prints how to reach it, and stops it on Ctrl+C or SIGTERM.
 */
async function main(): Promise<void> {
  const sandbox = await start({ profileSimulator: true });
  const kubectl = `${sandbox.binDir}/kubectl --kubeconfig ${sandbox.kubeconfigPath}`;
  process.stdout.write(
    [
      '',
      'The sandbox is running. Press Ctrl+C to stop it and remove its data.',
      '',
      `  kubeconfig: ${sandbox.kubeconfigPath}`,
      `  contexts:   ${Object.values(sandboxContexts).join(', ')}`,
      `  programs:   ${sandbox.binDir}`,
      '',
      'Try:',
      `  ${kubectl} get nodes`,
      `  ${kubectl} --context ${sandboxContexts.second} get nodes`,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the sandbox...\n');
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
