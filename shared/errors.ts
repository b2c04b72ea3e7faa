import { z } from 'zod';

/**
 * Kinds of failure that cross the bridge. Cluster calls classify their errors
 * into these, so the renderer can explain each kind and suggest the next step.
 */
export const errorKinds = [
  'invalid-request',
  'unreachable',
  'tls',
  'unauthorized',
  'forbidden',
  'exec-failed',
  'not-found',
  'conflict',
  'throttled',
  'timeout',
  'server-error',
  'unavailable',
  'internal',
] as const;

export const ErrorKindSchema = z.enum(errorKinds);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

/**
 * An error as it crosses the bridge. `code` is a key under `errors.` in the
 * locale files, and `params` fills its placeholders, so the renderer shows it
 * in the user's language. `message` is the English text for logs and scripts.
 */
export const AppErrorSchema = z.object({
  kind: ErrorKindSchema,
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.string()).default({}),
});
export type AppErrorShape = z.infer<typeof AppErrorSchema>;

/** Error thrown by services and by the renderer's bridge client. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly params: Record<string, string>;

  constructor(kind: ErrorKind, code: string, message: string, params: Record<string, string> = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.params = params;
  }

  toShape(): AppErrorShape {
    return { kind: this.kind, code: this.code, message: this.message, params: this.params };
  }

  static fromShape(shape: AppErrorShape): AppError {
    return new AppError(shape.kind, shape.code, shape.message, shape.params);
  }
}
