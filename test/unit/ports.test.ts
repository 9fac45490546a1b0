import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../local/servers.ts';

/**
 * A port handed to a child process (npm start, DynamoDB Local, cognito-local) is bound seconds
 * later: if it came from the kernel's ephemeral range, another test's `listen(0)` could take it
 * first (it did, once, in CI). It comes from below that range instead, and is free when given.
 */
describe('freeTcpPort', () => {
  it("gives ports below the kernel's ephemeral range, free to bind", async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    for (let n = 0; n < 20; n++) {
      const port = await freeTcpPort();
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
