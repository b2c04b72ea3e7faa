import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';

import { AppError } from '../../shared/errors';
import type { Logger } from '../log';
import { writeFileAtomic } from '../store/atomic-file';
import type { SourceSpec } from './context-registry';
import type { CredentialVault } from './credential-vault';
import { parseKubeconfig } from './kubeconfig-file';

/**
 * Location of an imported kubeconfig's credentials: encrypted in the
 * `.credentials` file beside it, in plain text in the file itself, dropped at
 * import because no vault could encrypt them, or none to keep.
 */
export type CredentialStorage = 'encrypted' | 'plaintext' | 'dropped' | 'none';

export interface ImportRequest {
  /** The name the user gave; the file name is its slug. */
  name: string;
  content: string;
  /** Without a vault: keep the credentials in plain text (mode 0600) rather than drop them. */
  storeCredentials: boolean;
}

export interface ImportResult {
  name: string;
  path: string;
  credentials: CredentialStorage;
  contextCount: number;
}

/** One credential taken out of a user entry, with its place inside the `user` map. */
interface StoredCredential {
  user: string;
  keyPath: (string | number)[];
  value: string;
}

/** Credential fields of a `user` map, as kubectl's Config type (client-go 1.36) names them. */
const credentialPaths: string[][] = [
  ['token'],
  ['password'],
  ['client-key-data'],
  ['client-certificate-data'],
  ['auth-provider', 'config', 'id-token'],
  ['auth-provider', 'config', 'refresh-token'],
  ['auth-provider', 'config', 'client-secret'],
];

const maxSlugLength = 63;

/**
 * Turns a name into a file name of lower-case letters, digits and dashes, at
 * most 63 characters long. Letters of any script stay, so a Korean name such
 * as 운영 keeps its Hangul. Accents on Latin letters are dropped, and the
 * result is recomposed (NFC), so Hangul syllables are not left as loose jamo.
 */
export function slugImportName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+/, '')
    .slice(0, maxSlugLength)
    .replace(/-+$/, '');
}

/**
 * Kubeconfigs the user pasted or uploaded, kept as `<name>.yaml` in
 * `<dataDir>/kubeconfigs`. Their credentials never stay in the .yaml when a
 * vault can encrypt them: they go, encrypted, into `<name>.credentials`, and
 * are merged back into the parsed file in memory only.
 */
export class ImportedKubeconfigs {
  readonly folder: string;
  /** Imports run one at a time, so two of the same name cannot both pass the name check. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly vault: CredentialVault | null,
    private readonly log: Logger,
  ) {
    this.folder = path.join(dataDir, 'kubeconfigs');
  }

  /**
   * Validates and stores a kubeconfig. Raises importNameInvalid,
   * importInvalidYaml (with the line), importInvalid, importNameTaken (an
   * existing file is never replaced) or fileWriteFailed.
   */
  import(request: ImportRequest): Promise<ImportResult> {
    const run = this.queue.then(() => this.importNow(request));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Returns a source for every imported kubeconfig, sorted by name; none when the folder does not exist. */
  async specs(): Promise<SourceSpec[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith('.yaml') && !name.startsWith('.'))
      .sort()
      .map((name) => {
        const filePath = path.join(this.folder, name);
        return {
          path: filePath,
          origin: 'imported' as const,
          mergeCredentials: (text: string) => this.mergeCredentials(filePath, text),
        };
      });
  }

  /** Deletes an imported kubeconfig and its credentials. Raises sourceNotFound for a path outside the folder. */
  async remove(filePath: string): Promise<void> {
    const resolved = path.resolve(filePath);
    if (path.dirname(resolved) !== this.folder || !resolved.endsWith('.yaml')) {
      throw new AppError(
        'not-found',
        'sourceNotFound',
        `${resolved} is not an imported kubeconfig.`,
        { path: resolved },
      );
    }
    // The .yaml goes first: without it the source is gone, and a leftover .credentials file is
    // replaced by the next import of the same name.
    await unlinkIfPresent(resolved);
    await unlinkIfPresent(credentialsPathOf(resolved));
    this.log.info('imported kubeconfig removed', { path: resolved });
  }

  /**
   * Tells where the credentials of an imported kubeconfig are kept. After
   * import, 'dropped' and 'none' both read as 'none', because nothing on disk
   * records what was dropped.
   */
  async credentialStorage(filePath: string): Promise<CredentialStorage> {
    if (await exists(credentialsPathOf(filePath))) return 'encrypted';
    const document = parseDocument(await readFile(filePath, 'utf8'));
    return takeCredentials(document).length > 0 ? 'plaintext' : 'none';
  }

  private async importNow(request: ImportRequest): Promise<ImportResult> {
    const name = slugImportName(request.name);
    if (!name) {
      throw new AppError(
        'invalid-request',
        'importNameInvalid',
        `The name "${request.name}" has no letters or digits. Choose a name such as team-prod.`,
        { name: request.name },
      );
    }
    const filePath = path.join(this.folder, `${name}.yaml`);

    const document = parseDocument(request.content);
    const yamlError = document.errors[0];
    if (yamlError) {
      const line = yamlError.linePos?.[0].line ?? 0;
      // The yaml package appends a code frame after a blank line; the dialog shows the pasted text itself.
      const detail = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new AppError(
        'invalid-request',
        'importInvalidYaml',
        `The kubeconfig is not valid YAML at line ${line}: ${detail}`,
        { name, line: String(line), detail },
      );
    }
    let contextCount: number;
    try {
      contextCount = parseKubeconfig(request.content, filePath).contexts.length;
    } catch (error) {
      throw importInvalid(name, (error as Error).message);
    }
    if (contextCount === 0) {
      throw importInvalid(name, 'it defines no contexts');
    }

    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    if (await exists(filePath)) throw importNameTaken(name, filePath);

    const credentials = takeCredentials(document);
    const vault = this.vault?.available() ? this.vault : null;
    let storage: CredentialStorage;
    let text: string;
    if (credentials.length === 0) {
      storage = 'none';
      text = request.content;
    } else if (vault) {
      storage = 'encrypted';
      text = document.toString();
      const sealed = vault.encrypt(JSON.stringify(credentials));
      await this.write(credentialsPathOf(filePath), sealed, true);
    } else if (request.storeCredentials) {
      storage = 'plaintext';
      text = request.content;
    } else {
      storage = 'dropped';
      text = document.toString();
    }

    try {
      await this.write(filePath, text, false);
    } catch (error) {
      if (storage === 'encrypted') await unlinkIfPresent(credentialsPathOf(filePath));
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw importNameTaken(name, filePath);
      throw error;
    }

    // NOTE: relative paths in the content (client-certificate: ./cert.pem) now resolve against
    // the app's data folder, where those files are missing. Such users fail their connection check.
    this.log.info('kubeconfig imported', { name, path: filePath, credentials: storage });
    return { name, path: filePath, credentials: storage, contextCount };
  }

  private async write(filePath: string, data: string | Buffer, overwrite: boolean): Promise<void> {
    try {
      await writeFileAtomic(filePath, data, { mode: 0o600, overwrite });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      throw new AppError(
        'internal',
        'fileWriteFailed',
        `${filePath} could not be written: ${(error as Error).message}. Check the free space and the folder's permissions.`,
        { path: filePath, detail: (error as Error).message },
      );
    }
  }

  private async mergeCredentials(filePath: string, text: string): Promise<string> {
    let sealed: Buffer;
    try {
      sealed = await readFile(credentialsPathOf(filePath));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return text;
      throw error;
    }
    if (!this.vault?.available()) {
      throw new Error(
        `${filePath}: its credentials are encrypted with the OS keychain, which this app cannot use here. Open the desktop app, or import the kubeconfig again.`,
      );
    }
    let credentials: StoredCredential[];
    try {
      credentials = JSON.parse(this.vault.decrypt(sealed)) as StoredCredential[];
    } catch {
      // The reason may quote decrypted bytes, so it is not passed on.
      throw new Error(
        `${filePath}: its credentials cannot be decrypted, for example because the OS keychain was reset. Remove this kubeconfig and import it again.`,
      );
    }

    const document = parseDocument(text);
    const users = userMaps(document);
    for (const credential of credentials) {
      const user = users.get(credential.user);
      if (user) user.setIn(credential.keyPath, credential.value);
    }
    return document.toString();
  }
}

/** Returns each user's `user` map by the user's name as written. */
function userMaps(document: Document): Map<string, YAMLMap> {
  const users = new Map<string, YAMLMap>();
  const list = document.get('users');
  if (!isSeq(list)) return users;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const name = item.get('name', true);
    const user = item.get('user');
    if (!isScalar(name) || !isMap(user)) continue;
    users.set(String(name.source ?? name.value), user);
  }
  return users;
}

/** Removes every credential from the document and returns them. */
function takeCredentials(document: Document): StoredCredential[] {
  const removed: StoredCredential[] = [];
  for (const [name, user] of userMaps(document)) {
    const take = (keyPath: (string | number)[]) => {
      const node = user.getIn(keyPath, true);
      if (!isScalar(node) || node.value === null || node.value === '') return;
      removed.push({ user: name, keyPath, value: String(node.value) });
      user.deleteIn(keyPath);
    };
    for (const keyPath of credentialPaths) take(keyPath);

    // exec plugins often get a secret through an environment variable.
    const env = user.getIn(['exec', 'env']);
    if (isSeq(env)) env.items.forEach((_, index) => take(['exec', 'env', index, 'value']));
  }
  return removed;
}

function credentialsPathOf(yamlPath: string): string {
  return yamlPath.replace(/\.yaml$/, '.credentials');
}

async function exists(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

async function unlinkIfPresent(filePath: string): Promise<void> {
  await unlink(filePath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function importInvalid(name: string, detail: string): AppError {
  return new AppError(
    'invalid-request',
    'importInvalid',
    `The kubeconfig for ${name} cannot be imported: ${detail}`,
    { name, detail },
  );
}

function importNameTaken(name: string, filePath: string): AppError {
  return new AppError(
    'conflict',
    'importNameTaken',
    `An imported kubeconfig named ${name} already exists (${filePath}). Choose another name, or remove the existing one first.`,
    { name, path: filePath },
  );
}
