import type pg from 'pg';
import { checkPasswordPolicy, hashPassword } from '@arrears/auth';

export interface NewPlatformAdmin {
  email: string;
  displayName: string;
  password: string;
}

export type CreateOutcome = { created: true; userId: string } | { created: false; reason: string };

/**
 * The first platform admin of a real deployment (the demo seed is refused in production). Runs as the
 * owner: there is no tenant context to create the first user in. Never replaces an existing user.
 */
export async function createPlatformAdmin(owner: pg.ClientBase | pg.Pool, input: NewPlatformAdmin): Promise<CreateOutcome> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return { created: false, reason: 'a valid e-mail is required (--email)' };
  const name = input.displayName.trim();
  if (!name) return { created: false, reason: 'a display name is required (--name)' };
  const problem = checkPasswordPolicy(input.password);
  if (problem) return { created: false, reason: problem };
  const { rows } = await owner.query(
    `insert into app_user (agency_id, email, display_name, role, password_hash) values (null, $1, $2, 'platform_admin', $3)
     on conflict (email) do nothing returning id`,
    [email, name, await hashPassword(input.password)],
  );
  return rows[0] ? { created: true, userId: rows[0].id } : { created: false, reason: `a user with the e-mail ${email} already exists` };
}

/** Reads a line from a terminal without echoing it (the password prompt). */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(new Error('no terminal to prompt on: set ARREARS_ADMIN_PASSWORD'));
      return;
    }
    output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
