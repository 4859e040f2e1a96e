import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';

/**
 * A real PostgreSQL stopped under load (test/e2e/postgres-outage.test.ts) once sent a new
 * connection its ReadyForQuery and, in the same packet, "terminating connection due to
 * administrator command". pg handed the client out and then emitted 'error' on it before
 * anything listened, and the node crashed. That timing cannot be produced on demand with a real
 * server, so this server speaks just enough of the wire protocol to send exactly that packet.
 */
function serverThatAcceptsThenTerminates(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      socket.write(Buffer.concat([authenticationOk(), readyForQuery(), adminShutdown()]));
      socket.end();
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const authenticationOk = () => message('R', Buffer.from([0, 0, 0, 0]));
const readyForQuery = () => message('Z', Buffer.from('I', 'latin1'));
const adminShutdown = () => {
  const fields = ['SFATAL', 'VFATAL', 'C57P01', 'Mterminating connection due to administrator command'];
  return message('E', Buffer.from(`${fields.join('\0')}\0\0`, 'latin1'));
};

const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);

afterEach(() => {
  process.off('uncaughtException', recordUncaught);
  uncaught.length = 0;
});

describe('PostgreSQL store, a connection the server ends as it is handed out', () => {
  it('fails that request and reports the lost connection, and the process lives on', async () => {
    process.on('uncaughtException', recordUncaught);
    const server = await serverThatAcceptsThenTerminates();
    const lost: Error[] = [];
    const store = openPostgresStore({
      connectionString: `postgresql://keyplane@127.0.0.1:${server.port}/keyplane`,
      maxConnections: 1,
      onIdleError: (error) => lost.push(error),
    });
    try {
      await expect(store.ping()).rejects.toThrow();
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([]);
      expect(lost.map((error) => (error as { code?: string }).code)).toContain('57P01');
    } finally {
      await store.close().catch(() => undefined);
      await server.close();
    }
  });
});
