// The production layout, validated without a container engine: Debian's docker-compose parses and
// resolves docker-compose.yml, and nginx checks the proxy configuration (a copy with 127.0.0.1 upstreams:
// `nginx -t` resolves host names, and the compose service names exist only inside Docker).
// Needs the apt packages docker-compose and nginx-light (installed by CI, not by this spec).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

function tool(name: string, pkg: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || (fs.existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : '');
  if (!found) throw new Error(`${name} is not installed: apt-get install -y ${pkg}`);
  return found;
}

describe('production layout', () => {
  it('docker-compose.yml is valid: db, a migrate step that runs first and exits, two gateways, a worker, a proxy', () => {
    const env = {
      ...process.env,
      POSTGRES_PASSWORD: 'pg-password',
      JWT_SECRET: 'x'.repeat(40),
      DB_OWNER_PASSWORD: 'owner-password',
      DB_APP_PASSWORD: 'app-password',
      DB_WORKER_PASSWORD: 'worker-password',
      DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
      IDENTITY_HASH_KEY: 'cd'.repeat(32),
    };
    const out = execFileSync(tool('docker-compose', 'docker-compose'), ['-f', path.join(root, 'docker-compose.yml'), 'config'], { env, encoding: 'utf8' });
    const services = [...out.matchAll(/^ {2}([a-z0-9-]+):$/gm)].map((m) => m[1]);
    expect(services).toEqual(expect.arrayContaining(['db', 'migrate', 'gateway-1', 'gateway-2', 'worker', 'proxy']));
    // Only migrate sees the owner password and the superuser URL; gateways and the worker get their own role only.
    const block = (name: string) => out.split(/^ {2}(?=[a-z0-9-]+:$)/m).find((b) => b.startsWith(`${name}:`)) ?? '';
    expect(block('migrate')).toMatch(/DB_OWNER_PASSWORD: owner-password/);
    expect(block('migrate')).toMatch(/restart: 'no'|restart: "no"|restart: no/);
    for (const s of ['gateway-1', 'gateway-2', 'worker']) {
      expect(block(s)).not.toMatch(/DB_OWNER_PASSWORD|pg-password/);
      expect(block(s)).toMatch(/condition: service_completed_successfully/);
    }
    expect(block('gateway-1')).toMatch(/DB_APP_PASSWORD: app-password/);
    expect(block('gateway-1')).not.toMatch(/DB_WORKER_PASSWORD/);
    expect(block('worker')).toMatch(/DB_WORKER_PASSWORD: worker-password/);
    expect(block('worker')).toMatch(/worker\.main\.js/);

    // A missing secret is refused by name.
    const bad = spawnSync(tool('docker-compose', 'docker-compose'), ['-f', path.join(root, 'docker-compose.yml'), 'config'], { env: { ...env, DB_WORKER_PASSWORD: '' }, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/DB_WORKER_PASSWORD/);
  });

  it('the nginx configuration passes nginx -t (with 127.0.0.1 upstreams) and balances over both gateways', () => {
    const conf = fs.readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
    expect(conf).toMatch(/server gateway-1:4000/);
    expect(conf).toMatch(/server gateway-2:4000/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-nginx-'));
    try {
      const copy = path.join(dir, 'nginx.conf');
      fs.writeFileSync(copy, conf.replace(/gateway-1:4000/, '127.0.0.1:4001').replace(/gateway-2:4000/, '127.0.0.1:4002'));
      // Through `| cat`: the config logs to /dev/stdout, which nginx cannot open on Node's socketpair stdio.
      const nginx = tool('nginx', 'nginx-light');
      const r = spawnSync('bash', ['-c', 'set -o pipefail; "$0" -t -c "$1" -p "$2" -e "$2/error.log" 2>&1 | cat', nginx, copy, dir], { encoding: 'utf8' });
      expect(r.stdout).toMatch(/syntax is ok/);
      expect(r.stdout).toMatch(/test is successful/);
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
