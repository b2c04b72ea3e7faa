import { AppError } from '../../shared/errors';

/** Converts anything a call may throw into an AppError, so every failure can be shown the same way. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;

  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('internal', 'unexpected', `Unexpected error: ${detail}`, { detail });
}
