// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import { makeContextList, makeHandlers, makeSource } from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function sourceRow(path: string): HTMLElement {
  const rows = [...screen.getByTestId('sources-table').querySelectorAll<HTMLElement>('tbody tr')];
  const row = rows.find((candidate) => candidate.dataset.sourcePath === path);
  if (!row) throw new Error(`no row for ${path}`);
  return row;
}

const addedFile = makeSource('/home/admin/clusters/edge.yaml', { removable: true });
const folderFile = makeSource('/home/admin/kubeconfigs/lab.yaml', {
  origin: 'folder',
  folder: '/home/admin/kubeconfigs',
  removable: true,
});
const importedFile = makeSource('/home/admin/.config/kubeflow-desktop/imported/ci.yaml', {
  origin: 'imported',
  removable: true,
});

function listWithAllOrigins() {
  const base = makeContextList();
  return makeContextList({ sources: [...base.sources, addedFile, folderFile, importedFile] });
}

describe('SourcesTable', () => {
  it('lists each source with its origin and folder', async () => {
    await renderApp(makeHandlers({ list: listWithAllOrigins() }));
    await screen.findByTestId('sources-table');

    const cells = (path: string) =>
      within(sourceRow(path))
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells('/home/admin/.kube/config')).toEqual([
      '/home/admin/.kube/config',
      'Default',
      '—',
      '3',
      'Read',
      '',
    ]);
    expect(cells(folderFile.path).slice(0, 3)).toEqual([
      folderFile.path,
      'In added folder',
      '/home/admin/kubeconfigs',
    ]);
    expect(cells(importedFile.path)[1]).toBe('Imported');
    expect(cells('/home/admin/work/kubeconfig')[1]).toBe('KUBECONFIG');
  });

  it('shows a kubeconfig file that could not be read', async () => {
    const list = makeContextList({
      sources: [
        makeSource('/home/admin/broken.yaml', {
          error: 'YAML parse error on line 3',
          contextCount: 0,
        }),
      ],
    });
    await renderApp(makeHandlers({ list }));

    const row = await screen.findByRole('row', { name: /broken\.yaml/ });
    expect(row.textContent).toContain('Added');
    expect(row.textContent).toContain('YAML parse error on line 3');
  });

  it('offers Remove only for removable sources', async () => {
    await renderApp(makeHandlers({ list: listWithAllOrigins() }));
    await screen.findByTestId('sources-table');

    expect(within(sourceRow('/home/admin/.kube/config')).queryByTestId('remove-source')).toBeNull();
    expect(
      within(sourceRow('/home/admin/work/kubeconfig')).queryByTestId('remove-source'),
    ).toBeNull();
    for (const source of [addedFile, folderFile, importedFile]) {
      expect(within(sourceRow(source.path)).getByTestId('remove-source'), source.path).toBeTruthy();
    }
  });

  it('removes an added file after confirmation', async () => {
    const { bridge } = await renderApp(makeHandlers({ list: listWithAllOrigins() }));
    await screen.findByTestId('sources-table');

    fireEvent.click(within(sourceRow(addedFile.path)).getByTestId('remove-source'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain(`The app stops reading ${addedFile.path}`);
    expect(dialog.textContent).toContain('The file itself stays on disk.');
    expect(bridge.channels()).not.toContain('kube.removeSource');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    await waitFor(() => expect(screen.queryByRole('row', { name: /edge\.yaml/ })).toBeNull());
    expect(bridge.calls).toContainEqual({
      channel: 'kube.removeSource',
      payload: { path: addedFile.path },
    });
  });

  it('removes a folder file by forgetting its folder', async () => {
    const { bridge } = await renderApp(makeHandlers({ list: listWithAllOrigins() }));
    await screen.findByTestId('sources-table');

    fireEvent.click(within(sourceRow(folderFile.path)).getByTestId('remove-source'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('stops reading the folder /home/admin/kubeconfigs');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    await waitFor(() =>
      expect(bridge.calls).toContainEqual({
        channel: 'kube.removeSource',
        payload: { path: '/home/admin/kubeconfigs' },
      }),
    );
  });

  it('says that removing an import deletes its credentials', async () => {
    await renderApp(makeHandlers({ list: listWithAllOrigins() }));
    await screen.findByTestId('sources-table');

    fireEvent.click(within(sourceRow(importedFile.path)).getByTestId('remove-source'));

    expect((await screen.findByRole('dialog')).textContent).toContain(
      'including any credentials it stored for it',
    );
  });
});

describe('AddSourceDialog', () => {
  it('adds a path and closes', async () => {
    const { bridge } = await renderApp(makeHandlers());
    fireEvent.click(await screen.findByTestId('add-source'));
    const dialog = await screen.findByRole('dialog');
    const submit = within(dialog).getByRole('button', { name: 'Add' });
    expect(submit).toHaveProperty('disabled', true);

    fireEvent.change(within(dialog).getByTestId('add-source-path'), {
      target: { value: '  /home/admin/clusters/edge.yaml  ' },
    });
    fireEvent.click(submit);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.calls).toContainEqual({
      channel: 'kube.addSource',
      payload: { path: '/home/admin/clusters/edge.yaml' },
    });
    expect(await screen.findByRole('row', { name: /edge\.yaml/ })).toBeTruthy();
  });

  it('shows the error from main and keeps the path', async () => {
    const handlers = makeHandlers({ settings: { language: 'ko' } });
    handlers['kube.addSource'] = ({ path }) => {
      throw new AppError('invalid-request', 'codeFromNewerMain', `${path} does not exist.`);
    };
    await renderApp(handlers);
    fireEvent.click(await screen.findByTestId('add-source'));
    const dialog = await screen.findByRole('dialog');
    const input = within(dialog).getByTestId('add-source-path') as HTMLInputElement;

    fireEvent.change(input, { target: { value: '/home/admin/missing.yaml' } });
    fireEvent.submit(input.form as HTMLFormElement);

    const error = await within(dialog).findByTestId('add-source-error');
    expect(error.textContent).toContain('파일 또는 폴더를 추가하지 못했습니다');
    expect(error.textContent).toContain('/home/admin/missing.yaml does not exist.');
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(input.value).toBe('/home/admin/missing.yaml');
  });
});

describe('ImportKubeconfigDialog', () => {
  const kubeconfig = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n';

  async function openImport(shell: 'web' | 'electron') {
    const rendered = await renderApp(makeHandlers({ info: { shell } }));
    const button = await screen.findByTestId('import-kubeconfig');
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    fireEvent.click(button);
    return { ...rendered, dialog: await screen.findByRole('dialog') };
  }

  it('offers storing credentials in the web shell', async () => {
    const { dialog } = await openImport('web');

    const checkbox = within(dialog).getByRole('checkbox', { name: 'Store the credentials' });
    expect(checkbox).toHaveProperty('checked', false);
    expect(dialog.textContent).toContain('saved unencrypted');
    expect(dialog.textContent).toContain('mode 0600');
    expect(dialog.textContent).toContain('If you leave it clear, the credentials are removed');
    expect(within(dialog).queryByTestId('import-credentials-note')).toBeNull();
  });

  it('explains keychain encryption in the Electron shell', async () => {
    const { dialog } = await openImport('electron');

    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    expect(within(dialog).getByTestId('import-credentials-note').textContent).toContain(
      "encrypted with the operating system's keychain",
    );
    expect(dialog.textContent).not.toContain('unencrypted');
  });

  it('imports pasted YAML with the credentials choice', async () => {
    const { bridge, dialog } = await openImport('web');
    const submit = within(dialog).getByRole('button', { name: 'Import' });
    expect(submit).toHaveProperty('disabled', true);

    fireEvent.change(within(dialog).getByTestId('import-name'), { target: { value: 'ci' } });
    fireEvent.change(within(dialog).getByTestId('import-content'), {
      target: { value: kubeconfig },
    });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Store the credentials' }));
    fireEvent.click(submit);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.calls).toContainEqual({
      channel: 'kube.importKubeconfig',
      payload: { name: 'ci', content: kubeconfig, storeCredentials: true },
    });
    expect(await screen.findByRole('row', { name: /imported\/ci\.yaml/ })).toBeTruthy();
  });

  it('never asks to store credentials from Electron', async () => {
    const { bridge, dialog } = await openImport('electron');

    fireEvent.change(within(dialog).getByTestId('import-name'), { target: { value: 'ci' } });
    fireEvent.change(within(dialog).getByTestId('import-content'), {
      target: { value: kubeconfig },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));

    await waitFor(() =>
      expect(bridge.calls).toContainEqual({
        channel: 'kube.importKubeconfig',
        payload: { name: 'ci', content: kubeconfig, storeCredentials: false },
      }),
    );
  });

  it('reads a chosen file into the form', async () => {
    const { dialog } = await openImport('web');
    const file = new File([kubeconfig], 'lab.yaml', { type: 'application/yaml' });

    fireEvent.change(within(dialog).getByTestId('import-file'), { target: { files: [file] } });

    await waitFor(() =>
      expect((within(dialog).getByTestId('import-content') as HTMLTextAreaElement).value).toBe(
        kubeconfig,
      ),
    );
    expect((within(dialog).getByTestId('import-name') as HTMLInputElement).value).toBe('lab.yaml');
  });

  it('rejects a file larger than 4 MiB before reading it', async () => {
    const { dialog } = await openImport('web');
    const file = new File(['x'.repeat(4 * 1024 * 1024 + 1)], 'huge.yaml');

    fireEvent.change(within(dialog).getByTestId('import-file'), { target: { files: [file] } });

    expect((await within(dialog).findByTestId('import-file-problem')).textContent).toBe(
      'huge.yaml is larger than 4 MiB, the largest kubeconfig the app imports.',
    );
    expect((within(dialog).getByTestId('import-content') as HTMLTextAreaElement).value).toBe('');
  });

  it('shows the error from main and keeps the input', async () => {
    const handlers = makeHandlers({ info: { shell: 'web' } });
    handlers['kube.importKubeconfig'] = () => {
      throw new AppError(
        'invalid-request',
        'codeFromNewerMain',
        'The kubeconfig is not valid YAML: line 3: unexpected indentation.',
      );
    };
    await renderApp(handlers);
    const button = await screen.findByTestId('import-kubeconfig');
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    const broken = 'apiVersion: v1\nclusters:\n   - bad\n  indent: here\n';

    fireEvent.change(within(dialog).getByTestId('import-name'), { target: { value: 'lab' } });
    fireEvent.change(within(dialog).getByTestId('import-content'), { target: { value: broken } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Store the credentials' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));

    const error = await within(dialog).findByTestId('import-error');
    expect(error.textContent).toContain('The kubeconfig was not imported');
    expect(error.textContent).toContain('line 3: unexpected indentation');
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect((within(dialog).getByTestId('import-name') as HTMLInputElement).value).toBe('lab');
    expect((within(dialog).getByTestId('import-content') as HTMLTextAreaElement).value).toBe(
      broken,
    );
    expect(within(dialog).getByRole('checkbox')).toHaveProperty('checked', true);
  });
});
