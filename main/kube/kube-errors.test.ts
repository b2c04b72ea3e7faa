// These errors are the classifier's input, so the tests build them by hand.
// ApiException is the real class from @kubernetes/client-node 1.4. The
// connection errors copy the name, code and message shape of node-fetch 2's
// FetchError and AbortError. No Kubernetes API is mocked.
import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import type { ErrorKind } from '../../shared/errors';
import { classifyKubeError, type CallTarget } from './kube-errors';

const server = 'https://127.0.0.1:6443';
const target: CallTarget = { server, user: 'kubeflow-admin', resource: 'namespace kubeflow' };

/** Builds an ApiException as client-node 1.4 throws it, with a Kubernetes Status body. */
function apiException(code: number, message?: string): ApiException<unknown> {
  const body = message
    ? JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code })
    : undefined;
  return new ApiException(code, 'Unknown API Status Code!', body, {
    'content-type': 'application/json',
  });
}

/** Builds an error shaped like node-fetch 2's FetchError for a failed system call. */
function fetchError(code: string, reason: string, url = `${server}/version`): Error {
  const error = new Error(`request to ${url} failed, reason: ${reason}`) as Error & {
    code: string;
    errno: string;
    type: string;
  };
  error.name = 'FetchError';
  error.type = 'system';
  error.code = code;
  error.errno = code;
  return error;
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

describe('classifyKubeError HTTP', () => {
  it.each<[number, ErrorKind, string]>([
    [401, 'unauthorized', 'unauthorized'],
    [403, 'forbidden', 'forbidden'],
    [404, 'not-found', 'notFound'],
    [409, 'conflict', 'conflict'],
    [429, 'throttled', 'throttled'],
    [500, 'server-error', 'serverError'],
    [502, 'server-error', 'serverError'],
    [503, 'server-error', 'serverError'],
    [504, 'server-error', 'serverError'],
  ])('maps status %i', (status, kind, code) => {
    const error = classifyKubeError(apiException(status, 'denied'), target, 10_000);

    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.params.status).toBe(String(status));
  });

  it('takes detail from the Status message', () => {
    const message = 'namespaces "kubeflow" is forbidden: User "dev" cannot get resource';

    const error = classifyKubeError(apiException(403, message), target, 10_000);

    expect(error.params.detail).toBe(message);
    expect(error.message).toBe(`User kubeflow-admin is forbidden on ${server}: ${message}`);
  });

  it('reads a Status object body', () => {
    const error = new ApiException(409, 'Conflict', { message: 'already exists' }, {});

    expect(classifyKubeError(error, target, 10_000).params.detail).toBe('already exists');
  });

  it('falls back to the status code', () => {
    const error = classifyKubeError(apiException(401), target, 10_000);

    expect(error.params.detail).toBe('HTTP 401');
  });

  it('ignores a body that is not JSON', () => {
    const error = new ApiException(502, 'Bad Gateway', '<html>bad gateway</html>', {});

    expect(classifyKubeError(error, target, 10_000).params.detail).toBe('HTTP 502');
  });

  it('names the resource on 404', () => {
    const error = classifyKubeError(apiException(404), target, 10_000);

    expect(error.message).toBe(`namespace kubeflow was not found on ${server}.`);
    expect(error.params.resource).toBe('namespace kubeflow');
  });

  it('names the object without a resource', () => {
    const error = classifyKubeError(apiException(404), { server, user: 'u' }, 10_000);

    expect(error.message).toBe(`The object was not found on ${server}.`);
    expect(error.params.resource).toBe('');
  });

  it('names server and user', () => {
    const error = classifyKubeError(apiException(401), target, 10_000);

    expect(error.params.server).toBe(server);
    expect(error.params.user).toBe('kubeflow-admin');
    expect(error.message).toContain(server);
    expect(error.message).toContain('kubeflow-admin');
  });

  it('keeps response headers out', () => {
    const exception = new ApiException(401, 'Unauthorized', undefined, {
      'www-authenticate': 'Bearer realm="kubernetes"',
    });

    const error = classifyKubeError(exception, target, 10_000);

    expect(JSON.stringify(error.toShape())).not.toContain('realm');
  });
});

describe('classifyKubeError connection', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT'])(
    'maps %s to unreachable',
    (code) => {
      const error = classifyKubeError(
        fetchError(code, `connect ${code} 127.0.0.1:6443`),
        target,
        1,
      );

      expect(error.kind).toBe('unreachable');
      expect(error.code).toBe('unreachable');
      expect(error.params.detail).toBe(code);
    },
  );

  it('describes a refused connection', () => {
    const error = classifyKubeError(
      fetchError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443'),
      target,
      10_000,
    );

    expect(error.message).toContain(`${server} is unreachable`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('ignores TLS in the server name', () => {
    const tlsServer = 'https://tls-gateway.invalid:6443';

    const error = classifyKubeError(
      fetchError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443', `${tlsServer}/version`),
      { server: tlsServer, user: 'u' },
      10_000,
    );

    expect(error.kind).toBe('unreachable');
  });

  it.each([
    ['CERT_HAS_EXPIRED', 'certificate has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
  ])('maps %s to tls', (code, reason) => {
    const error = classifyKubeError(fetchError(code, reason), target, 10_000);

    expect(error.kind).toBe('tls');
    expect(error.code).toBe('tls');
    expect(error.params.detail).toBe(code);
    expect(error.message).toContain(`TLS connection to ${server} failed`);
  });

  it('maps a TLS message without a code', () => {
    const error = classifyKubeError(new Error('unable to get local issuer certificate'), target, 1);

    expect(error.kind).toBe('tls');
    expect(error.params.detail).toBe('unable to get local issuer certificate');
  });

  it('maps an unknown error to unreachable', () => {
    const error = classifyKubeError(new Error('socket hang up'), target, 10_000);

    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`Request to ${server} failed: socket hang up`);
    expect(error.params.detail).toBe('socket hang up');
  });

  it('accepts a thrown string', () => {
    const error = classifyKubeError('plain text', target, 10_000);

    expect(error.kind).toBe('unreachable');
    expect(error.params.detail).toBe('plain text');
  });

  it.each([[null], [undefined]])('accepts %s', (value) => {
    const error = classifyKubeError(value, target, 10_000);

    expect(error.kind).toBe('unreachable');
    expect(error.params.detail).toBe(String(value));
  });
});

describe('classifyKubeError timeout', () => {
  it('maps AbortError to timeout', () => {
    const error = classifyKubeError(abortError(), target, 10_000);

    expect(error.kind).toBe('timeout');
    expect(error.code).toBe('timeout');
  });

  it('maps TimeoutError to timeout', () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    const error = classifyKubeError(reason, target, 1);

    expect(error.kind).toBe('timeout');
  });

  it.each([
    [10_000, '10'],
    [1_500, '1.5'],
    [250, '0.3'],
  ])('states %i ms in seconds', (timeoutMs, seconds) => {
    const error = classifyKubeError(abortError(), target, timeoutMs);

    expect(error.params.seconds).toBe(seconds);
    expect(error.message).toBe(`${server} did not answer within ${seconds} s.`);
  });
});
