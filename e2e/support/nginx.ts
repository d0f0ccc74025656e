import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Proxy {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface BufferingProxyOptions {
  /**
   * `pass`: WebSocket upgrades on /api/v1/ws are proxied (HTTP/1.1 with the Upgrade and Connection
   * headers passed on), as the README asks. `drop` (default): nginx's defaults, which speak HTTP/1.0
   * upstream and drop those hop-by-hop headers, so no upgrade ever reaches the app.
   */
  websocket?: 'pass' | 'drop';
}

/**
 * A real nginx in front of the app that buffers responses the way a misconfigured corporate proxy
 * does: `proxy_buffering on` and `proxy_ignore_headers X-Accel-Buffering`, so our "please don't
 * buffer" header is ignored and SSE bytes sit in nginx until its buffers fill.
 */
export async function startBufferingProxy(upstream: string, options: BufferingProxyOptions = {}): Promise<Proxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-nginx-'));
  chmodSync(dir, 0o777); // workers run as nobody
  const port = await freePort();
  const target = new URL(upstream);
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};${options.websocket === 'pass' ? websocketLocation(target.host) : ''}
    location / {
      proxy_pass http://${target.host};
      proxy_set_header Host $http_host;
      proxy_buffering on;
      proxy_ignore_headers X-Accel-Buffering;
      proxy_read_timeout 300s;
    }
  }
}
`,
  );
  // Debian puts nginx in /usr/sbin, which a non-login PATH may lack.
  const binary = process.env['NGINX_PATH'] ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
  const child: ChildProcess = spawn(binary, ['-c', conf, '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (attempt > 100) throw new Error(`nginx did not come up: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // readiness poll of a process we do not control
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}

/** The location block that lets WebSocket upgrades through (the README's nginx advice). */
const websocketLocation = (host: string) => `
    location = /api/v1/ws {
      proxy_pass http://${host};
      proxy_set_header Host $http_host;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 300s;
    }`;
