// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import {
  brokenContext,
  makeCheck,
  makeContextList,
  makeHandlers,
  prodContext,
  shadowedProdContext,
  stagingContext,
} from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

async function openSwitcher(): Promise<HTMLElement> {
  await waitFor(() => expect(screen.getByTestId('active-context').textContent).toBe('prod'));
  fireEvent.click(screen.getByTestId('context-switcher'));
  return screen.findByRole('listbox');
}

describe('ContextSwitcher', () => {
  it('shows the active context in the top bar', async () => {
    await renderApp(makeHandlers());

    await waitFor(() => expect(screen.getByTestId('active-context').textContent).toBe('prod'));
  });

  it('lists every context', async () => {
    await renderApp(makeHandlers());

    const listbox = await openSwitcher();

    const options = within(listbox).getAllByRole('option');
    expect(options).toHaveLength(4);
    expect(options.map((option) => option.textContent)).toEqual([
      expect.stringContaining('prod'),
      expect.stringContaining('staging'),
      expect.stringContaining('broken'),
      expect.stringContaining('prod'),
    ]);
  });

  it('shows the source file of contexts that share a name', async () => {
    await renderApp(makeHandlers());

    const listbox = await openSwitcher();

    const [first, second, , fourth] = within(listbox).getAllByRole('option');
    expect(first?.textContent).toContain(prodContext.ref.source);
    expect(fourth?.textContent).toContain(shadowedProdContext.ref.source);
    expect(fourth?.textContent).toContain('Hidden by a context of the same name');
    expect(second?.textContent).not.toContain(stagingContext.ref.source);
  });

  it('disables an invalid context and shows its reason', async () => {
    const { bridge } = await renderApp(makeHandlers());
    const listbox = await openSwitcher();

    const broken = within(listbox).getByRole('option', { name: /broken/ });
    expect(broken.getAttribute('aria-disabled')).toBe('true');
    expect(broken.textContent).toContain(`Cannot be used: ${brokenContext.invalidReason}`);

    fireEvent.click(broken);

    expect(bridge.channels()).not.toContain('kube.setActiveContext');
  });

  it('switches context', async () => {
    const { bridge } = await renderApp(makeHandlers());
    const listbox = await openSwitcher();
    const callsBefore = bridge.calls.length;

    fireEvent.click(within(listbox).getByRole('option', { name: /staging/ }));

    await waitFor(() => expect(screen.getByTestId('active-context').textContent).toBe('staging'));
    await waitFor(() =>
      expect(bridge.calls.slice(callsBefore)).toEqual([
        { channel: 'kube.setActiveContext', payload: { contextId: stagingContext.id } },
      ]),
    );
  });

  it('opens on Ctrl+K with the search field focused', async () => {
    await renderApp(makeHandlers());
    await waitFor(() => expect(screen.getByTestId('active-context').textContent).toBe('prod'));

    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });

    const search = await screen.findByRole('combobox', { name: 'Search contexts' });
    await waitFor(() => expect(document.activeElement).toBe(search));
  });

  it('filters by the search text', async () => {
    await renderApp(makeHandlers());
    const listbox = await openSwitcher();
    const search = screen.getByRole('combobox', { name: 'Search contexts' });

    fireEvent.change(search, { target: { value: 'stag' } });

    await waitFor(() => expect(within(listbox).getAllByRole('option')).toHaveLength(1));
  });

  it('says how to add contexts when there are none', async () => {
    await renderApp(makeHandlers({ list: makeContextList({ contexts: [], activeId: null }) }));
    await waitFor(() =>
      expect(screen.getByTestId('active-context').textContent).toBe('No context selected'),
    );

    fireEvent.click(screen.getByTestId('context-switcher'));

    expect(
      await screen.findByText('No contexts: add a kubeconfig on the Clusters screen'),
    ).toBeTruthy();
  });

  it('shows a failed switch as a translated error', async () => {
    const handlers = makeHandlers({ settings: { language: 'ko' } });
    handlers['kube.setActiveContext'] = ({ contextId }) => {
      throw new AppError('invalid-request', 'contextNotFound', `Context ${contextId} not found.`, {
        context: 'staging',
      });
    };
    const { bridge } = await renderApp(handlers);
    const listbox = await openSwitcher();

    fireEvent.click(within(listbox).getByRole('option', { name: /staging/ }));

    const message = await screen.findByTestId('error-message');
    expect(message.textContent).toContain(
      '컨텍스트 staging이(가) 앱이 읽는 어떤 kubeconfig 파일에도 없습니다.',
    );
    expect(screen.getByTestId('active-context').textContent).toBe('prod');
    expect(bridge.channels()).toContain('kube.setActiveContext');
  });

  it('falls back to the English message for an unknown code', async () => {
    const handlers = makeHandlers({ settings: { language: 'ko' } });
    handlers['kube.setActiveContext'] = () => {
      throw new AppError('internal', 'codeFromNewerMain', 'Something new failed in main.');
    };
    await renderApp(handlers);
    const listbox = await openSwitcher();

    fireEvent.click(within(listbox).getByRole('option', { name: /staging/ }));

    const message = await screen.findByTestId('error-message');
    expect(message.textContent).toBe('Something new failed in main.');
  });

  it('follows an active context changed elsewhere', async () => {
    const { bridge } = await renderApp(makeHandlers());
    await waitFor(() => expect(screen.getByTestId('active-context').textContent).toBe('prod'));

    act(() => bridge.emit('kube.activeContextChanged', { activeId: stagingContext.id }));

    expect(screen.getByTestId('active-context').textContent).toBe('staging');
  });

  it('shows the active context status as a dot', async () => {
    const { bridge } = await renderApp(makeHandlers());
    await waitFor(() =>
      expect(screen.getByTestId('active-context-status').getAttribute('data-status')).toBe('ok'),
    );
    expect(screen.getByTestId('active-context-status').getAttribute('aria-label')).toBe(
      'Connected',
    );

    act(() =>
      bridge.emit(
        'kube.checkChanged',
        makeCheck(prodContext.id, {
          status: 'unauthorized',
          checkedAt: '2026-12-04T11:00:00.000Z',
        }),
      ),
    );

    expect(screen.getByTestId('active-context-status').getAttribute('data-status')).toBe(
      'unauthorized',
    );
  });
});
