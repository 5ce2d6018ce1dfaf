import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; never a secret or a password (redacted by path). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'arrears-gateway' },
    redact: ['req.headers.authorization', 'password', 'variables.password', 'token'],
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
