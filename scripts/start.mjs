// Starts Kubeflow Desktop: the Electron app when its binary is installed,
// otherwise the same services behind the web bridge for a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Finds the Electron binary the npm package would run, without loading the package (which downloads on load). */
function findElectronBinary() {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      binary: null,
      reason: `${pathFile} is missing: the Electron binary was never downloaded`,
    };
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { binary: null, reason: `${binary} does not exist` };
  return { binary, reason: null };
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// The build runs from here rather than through `npm run build && …` in
// package.json: npm then signals this process directly, so Ctrl+C or a
// SIGTERM sent to npm alone reaches the app and stops the sandbox.
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron =
  process.env.KFD_SHELL === 'web'
    ? { binary: null, reason: 'KFD_SHELL=web was set' }
    : findElectronBinary();
if (electron.binary) {
  run(electron.binary, [root]);
} else {
  process.stdout.write(
    `Electron did not start: ${electron.reason}. ` +
      'Starting the web bridge instead; the app is the same, served to a browser on 127.0.0.1.\n',
  );
  run(process.execPath, [path.join(root, 'dist', 'main', 'web.mjs')]);
}
