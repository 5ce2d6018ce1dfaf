import bcrypt from 'bcryptjs';

// bcryptjs: pure JavaScript (no native build or install script), widely used, constant-time compare.
const COST = 10;

export const PASSWORD_POLICY = { minLength: 10, maxLength: 72 } as const;

/** Null when acceptable, otherwise why not. bcrypt reads at most 72 bytes, so longer is refused. */
export function checkPasswordPolicy(password: string): string | null {
  if (password.length < PASSWORD_POLICY.minLength) return `Password must be at least ${PASSWORD_POLICY.minLength} characters`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_POLICY.maxLength) return `Password must be at most ${PASSWORD_POLICY.maxLength} bytes`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
