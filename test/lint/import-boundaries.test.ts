import path from 'node:path';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve('.') });

/** Lints `code` as if it were the file at `filePath` and returns the rule ids it breaks. */
async function brokenRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(filePath) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('import boundaries', () => {
  const cases: { file: string; code: string; allowed: boolean }[] = [
    {
      file: 'shared/example.ts',
      code: "import { createLogger } from '../main/log';\nexport const x = createLogger;\n",
      allowed: false,
    },
    {
      file: 'shared/example.ts',
      code: "import { App } from '../renderer/app/App';\nexport const x = App;\n",
      allowed: false,
    },
    {
      file: 'shared/example.ts',
      code: "import fs from 'node:fs';\nexport const x = fs;\n",
      allowed: false,
    },
    {
      file: 'shared/example.ts',
      code: "import { z } from 'zod';\nexport const x = z;\n",
      allowed: true,
    },
    {
      file: 'renderer/example.ts',
      code: "import { createLogger } from '../main/log';\nexport const x = createLogger;\n",
      allowed: false,
    },
    {
      file: 'renderer/example.ts',
      code: "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      allowed: false,
    },
    {
      file: 'renderer/example.ts',
      code: "import { requests } from '../shared/contract';\nexport const x = requests;\n",
      allowed: true,
    },
    {
      file: 'main/kube/example.ts',
      code: "import { app } from 'electron';\nexport const x = app;\n",
      allowed: false,
    },
    {
      file: 'main/kube/example.ts',
      code: "import Store from 'electron-store';\nexport const x = Store;\n",
      allowed: false,
    },
    {
      file: 'main/app/example.ts',
      code: "import { app } from 'electron';\nexport const x = app;\n",
      allowed: true,
    },
    {
      file: 'main/app/example.ts',
      code: "import { App } from '../../renderer/app/App';\nexport const x = App;\n",
      allowed: false,
    },
  ];

  for (const { file, code, allowed } of cases) {
    const source = code.split('\n')[0];
    it(`${allowed ? 'allows' : 'rejects'} ${source} in ${file}`, async () => {
      const rules = await brokenRules(file, code);
      if (allowed) expect(rules).not.toContain('no-restricted-imports');
      else expect(rules).toContain('no-restricted-imports');
    });
  }
});
