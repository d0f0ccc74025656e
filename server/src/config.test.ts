import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'rt-config-'));
const serverEnv = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
  JWT_SECRET: 'x'.repeat(32),
  SECRETS_KEY: 'y'.repeat(32),
};

describe('loadConfig', () => {
  it('defaults to embedded mode with demo data, port 3000 on 127.0.0.1', () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(config).toMatchObject({
      embedded: true,
      demo: true,
      port: 3000,
      host: '127.0.0.1',
      role: 'all',
      artifacts: 'fs',
    });
  });

  it('reads ARTIFACT_QUOTA_BYTES, 5 GiB by default, and refuses a value that is not a positive byte count', () => {
    expect(loadConfig(serverEnv).artifactQuotaBytes).toBe(5368709120);
    expect(loadConfig({ ...serverEnv, ARTIFACT_QUOTA_BYTES: '1048576' }).artifactQuotaBytes).toBe(1048576);
    for (const bad of ['0', '-5', '1.5', 'lots'])
      expect(() => loadConfig({ ...serverEnv, ARTIFACT_QUOTA_BYTES: bad })).toThrow(/ARTIFACT_QUOTA_BYTES/);
  });

  it('reads SHUTDOWN_GRACE_MS, 10 s by default, and refuses a grace too short to hand reviews back', () => {
    expect(loadConfig(serverEnv).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ ...serverEnv, SHUTDOWN_GRACE_MS: '25000' }).shutdownGraceMs).toBe(25_000);
    expect(() => loadConfig({ ...serverEnv, SHUTDOWN_GRACE_MS: '500' })).toThrow(
      /^Invalid environment variable SHUTDOWN_GRACE_MS: expected at least 1000 ms$/,
    );
    for (const bad of ['1.5', 'soon', '-1'])
      expect(() => loadConfig({ ...serverEnv, SHUTDOWN_GRACE_MS: bad })).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it('generates JWT_SECRET and SECRETS_KEY once under DATA_DIR and keeps them', () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret).toHaveLength(43);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.secretsKey).toBe(first.secretsKey);
    const file = path.join(dir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).jwtSecret).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('restricts outbound requests on a shared server and leaves them open on one machine', () => {
    expect(loadConfig(serverEnv).outbound).toEqual({ mode: 'restricted', allow: [] });
    expect(loadConfig({ DATA_DIR: tempDir() }).outbound).toEqual({ mode: 'open', allow: [] });
    expect(loadConfig({ ...serverEnv, OUTBOUND_POLICY: 'open' }).outbound.mode).toBe('open');
    const allow = loadConfig({ ...serverEnv, OUTBOUND_ALLOW: '127.0.0.1:11434,10.20.0.0/16,gitlab.internal' }).outbound
      .allow;
    expect(allow.map((entry) => entry.kind)).toEqual(['range', 'range', 'host']);
  });

  it.each([
    ['OUTBOUND_POLICY', 'closed', /Invalid environment variable OUTBOUND_POLICY/],
    ['OUTBOUND_ALLOW', '10.0.0.0/40', /Invalid environment variable OUTBOUND_ALLOW: "10.0.0.0\/40" is not a CIDR/],
  ])('stops start-up on a bad %s', (name, value, message) => {
    expect(() => loadConfig({ ...serverEnv, [name]: value })).toThrow(message);
  });

  it('runs in server mode with DATABASE_URL, demo off by default', () => {
    expect(loadConfig(serverEnv)).toMatchObject({ embedded: false, demo: false, databaseUrl: serverEnv.DATABASE_URL });
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid environment variable PORT: /],
    [{ PORT: '70000' }, /PORT/],
    [{ ROLE: 'everything' }, /^Invalid environment variable ROLE: .*all.*api.*worker/],
    [{ DEMO: 'yes' }, /DEMO/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid environment variable DATABASE_URL: expected a postgres/],
    [{ DATABASE_URL: serverEnv.DATABASE_URL }, /^Missing environment variable JWT_SECRET/],
    [{ DATABASE_URL: serverEnv.DATABASE_URL, JWT_SECRET: 'short' }, /JWT_SECRET: expected at least 16/],
    [{ DATABASE_URL: serverEnv.DATABASE_URL, JWT_SECRET: 'x'.repeat(32) }, /^Missing environment variable SECRETS_KEY/],
  ])('stops with one line naming the variable for %j', (env, message) => {
    const load = () => loadConfig({ DATA_DIR: tempDir(), ...env });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
    try {
      load();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads ENGINE_LEASE_MS and STREAM_SLOW_CLIENT_MS, 30 s each by default, and refuses less than a second', () => {
    expect(loadConfig(serverEnv)).toMatchObject({ slowClientMs: 30_000, engine: { leaseMs: 30_000 } });
    expect(loadConfig({ ...serverEnv, ENGINE_LEASE_MS: '5000', STREAM_SLOW_CLIENT_MS: '2000' })).toMatchObject({
      slowClientMs: 2_000,
      engine: { leaseMs: 5_000 },
    });
    for (const name of ['ENGINE_LEASE_MS', 'STREAM_SLOW_CLIENT_MS'])
      for (const bad of ['999', '-1', 'soon'])
        expect(() => loadConfig({ ...serverEnv, [name]: bad })).toThrow(
          new RegExp(`^Invalid environment variable ${name}: `),
        );
  });

  it('reads WS_MAX_SUBSCRIPTIONS (50) and WS_MAX_BUFFERED_BYTES (256 KiB), refusing nonsense', () => {
    expect(loadConfig(serverEnv).ws).toEqual({ maxSubscriptions: 50, maxBufferedBytes: 262_144 });
    expect(loadConfig({ ...serverEnv, WS_MAX_SUBSCRIPTIONS: '5', WS_MAX_BUFFERED_BYTES: '1048576' }).ws).toEqual({
      maxSubscriptions: 5,
      maxBufferedBytes: 1_048_576,
    });
    expect(() => loadConfig({ ...serverEnv, WS_MAX_SUBSCRIPTIONS: '0' })).toThrow(/WS_MAX_SUBSCRIPTIONS/);
    expect(() => loadConfig({ ...serverEnv, WS_MAX_BUFFERED_BYTES: '100' })).toThrow(/WS_MAX_BUFFERED_BYTES/);
  });

  it('reads DB_STREAM_POOL_MAX, 4 by default, 0 to share the main pool', () => {
    expect(loadConfig(serverEnv).dbStreamPoolMax).toBe(4);
    expect(loadConfig({ ...serverEnv, DB_STREAM_POOL_MAX: '0' }).dbStreamPoolMax).toBe(0);
    expect(() => loadConfig({ ...serverEnv, DB_STREAM_POOL_MAX: '-1' })).toThrow(/DB_STREAM_POOL_MAX/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATA_DIR: tempDir(), PORT: '', DEMO: '' })).toMatchObject({ port: 3000, demo: true });
  });

  describe('RATE_LIMIT_*', () => {
    it('leaves the built-in budgets when unset', () => {
      expect(loadConfig({ DATA_DIR: tempDir() }).rateLimits).toEqual({});
    });

    it('reads each budget in requests per minute', () => {
      const config = loadConfig({
        DATA_DIR: tempDir(),
        RATE_LIMIT_STREAMS: '240',
        RATE_LIMIT_INGEST: '100000',
        RATE_LIMIT_DOWNLOADS: '30',
      });
      expect(config.rateLimits).toEqual({ streams: 240, ingestion: 100_000, downloads: 30 });
    });

    it.each(['0', '-5', '1.5', 'many'])('stops with one line naming RATE_LIMIT_INGEST for %j', (value) => {
      expect(() => loadConfig({ DATA_DIR: tempDir(), RATE_LIMIT_INGEST: value })).toThrow(
        /^Invalid environment variable RATE_LIMIT_INGEST: /,
      );
    });
  });

  describe('TRUST_PROXY', () => {
    const trustProxyOf = (value: string | undefined) =>
      loadConfig({ DATA_DIR: tempDir(), ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy;

    it('trusts no proxy when unset or empty', () => {
      expect(trustProxyOf(undefined)).toBe(false);
      expect(trustProxyOf('')).toBe(false);
    });

    it.each([
      ['true', true],
      ['false', false],
      ['1', 1],
      ['2', 2],
      ['0', 0],
      ['10.0.0.1', ['10.0.0.1']],
      ['10.0.0.0/8, 192.168.1.1 ,::1', ['10.0.0.0/8', '192.168.1.1', '::1']],
      ['fd00::/8,loopback', ['fd00::/8', 'loopback']],
      ['10.0.0.0/255.0.0.0', ['10.0.0.0/255.0.0.0']],
    ])('reads %j as %j', (value, expected) => {
      expect(trustProxyOf(value)).toEqual(expected);
    });

    it.each(['yes', '-1', '1.5', '10.0.0.0/33', '::1/129', '10.0.0.1,', 'proxy.example.com', '10.0.0.1/8/8'])(
      'stops with one line naming TRUST_PROXY for %j',
      (value) => {
        const load = () => trustProxyOf(value);
        expect(load).toThrow(ConfigError);
        expect(load).toThrow(/^Invalid environment variable TRUST_PROXY: expected true, a hop count/);
        try {
          load();
        } catch (error) {
          expect((error as Error).message).not.toContain('\n');
        }
      },
    );
  });
});
