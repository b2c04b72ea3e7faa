import { ApiException } from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';

/** Target of a failed call, named in its error message: server, kubeconfig user and object. */
export interface CallTarget {
  server: string;
  user: string;
  resource?: string;
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/**
 * Classifies an error from @kubernetes/client-node 1.4 into one AppError kind.
 * HTTP failures arrive as ApiException with a numeric `code` and the Status
 * JSON in `body`. Connection failures arrive as node-fetch FetchError with a
 * system `code`, and a timeout is an AbortError from the request's signal.
 */
export function classifyKubeError(error: unknown, target: CallTarget, timeoutMs: number): AppError {
  const params = { server: target.server, user: target.user, resource: target.resource ?? '' };

  if (error instanceof ApiException) {
    const status = Number(error.code);
    const detail = statusMessage(error.body) ?? `HTTP ${status}`;
    const withDetail = { ...params, detail, status: String(status) };
    switch (status) {
      case 401:
        return new AppError(
          'unauthorized',
          'unauthorized',
          `${target.server} rejected the credentials of user ${target.user} (401).`,
          withDetail,
        );
      case 403:
        return new AppError(
          'forbidden',
          'forbidden',
          `User ${target.user} is forbidden on ${target.server}: ${detail}`,
          withDetail,
        );
      case 404:
        return new AppError(
          'not-found',
          'notFound',
          `${target.resource ?? 'The object'} was not found on ${target.server}.`,
          withDetail,
        );
      case 409:
        return new AppError(
          'conflict',
          'conflict',
          `Conflict on ${target.server}: ${detail}`,
          withDetail,
        );
      case 429:
        return new AppError(
          'throttled',
          'throttled',
          `${target.server} is throttling requests (429).`,
          withDetail,
        );
      default:
        return new AppError(
          'server-error',
          'serverError',
          `${target.server} returned HTTP ${status}: ${detail}`,
          withDetail,
        );
    }
  }

  const name = (error as { name?: string } | null | undefined)?.name;
  const code = (error as { code?: string } | null | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AbortError' || name === 'TimeoutError') {
    const seconds = String(Math.round(timeoutMs / 100) / 10);
    return new AppError(
      'timeout',
      'timeout',
      `${target.server} did not answer within ${seconds} s.`,
      { ...params, seconds },
    );
  }
  // A known unreachable code wins over the message text, because node-fetch puts
  // the request URL in the message and a host name may contain "tls" or "ssl".
  const tlsMessage = !unreachableCodes.has(code) && /certificate|SSL|TLS/i.test(message);
  if (tlsCodes.has(code) || tlsMessage) {
    return new AppError('tls', 'tls', `TLS connection to ${target.server} failed: ${message}`, {
      ...params,
      detail: code || message,
    });
  }
  if (unreachableCodes.has(code)) {
    return new AppError(
      'unreachable',
      'unreachable',
      `${target.server} is unreachable: ${message}`,
      { ...params, detail: code },
    );
  }
  return new AppError(
    'unreachable',
    'unreachable',
    `Request to ${target.server} failed: ${message}`,
    { ...params, detail: message },
  );
}

function statusMessage(body: unknown): string | null {
  try {
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown };
    return typeof status?.message === 'string' ? status.message : null;
  } catch {
    return null;
  }
}
