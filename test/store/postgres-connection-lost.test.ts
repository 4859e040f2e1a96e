import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

/**
 * A server that answers every query with an empty result, and ends each connection, as a
 * restarting PostgreSQL does, when `terminateAll` is called.
 */
function serverThatTerminatesIdleConnections(): Promise<{ port: number; terminateAll: () => void; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let started = false;
    socket.on('data', () => {
      if (!started) {
        started = true;
        socket.write(Buffer.concat([authenticationOk(), readyForQuery()]));
        return;
      }
      // Parse, Bind, Describe, Execute and Sync arrive together: one answer to them all.
      socket.write(Buffer.concat([parseComplete(), bindComplete(), noData(), commandComplete('SELECT 0'), readyForQuery()]));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        terminateAll: () => {
          for (const socket of sockets) socket.end(adminShutdown());
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

const parseComplete = () => message('1', Buffer.alloc(0));
const bindComplete = () => message('2', Buffer.alloc(0));
const noData = () => message('n', Buffer.alloc(0));
const commandComplete = (tag: string) => message('C', Buffer.from(`${tag}\0`, 'latin1'));
const authenticationOk = () => message('R', Buffer.from([0, 0, 0, 0]));
const readyForQuery = () => message('Z', Buffer.from('I', 'latin1'));
const adminShutdown = () => {
  const fields = ['SFATAL', 'VFATAL', 'C57P01', 'Mterminating connection due to administrator command'];
  return message('E', Buffer.from(`${fields.join('\0')}\0\0`, 'latin1'));
};

const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);

/** A store of one connection to the fake server, with what it reports lost and what goes uncaught. */
function storeWatchingUncaught(port: number) {
  process.on('uncaughtException', recordUncaught);
  const lost: Error[] = [];
  const store = openPostgresStore({
    connectionString: `postgresql://keyplane@127.0.0.1:${port}/keyplane`,
    maxConnections: 1,
    onConnectionLost: (error) => lost.push(error),
  });
  return { store, lost };
}

afterEach(() => {
  process.off('uncaughtException', recordUncaught);
  uncaught.length = 0;
});

describe('PostgreSQL store, a connection the server ends as it is handed out', () => {
  it('fails that request and reports the lost connection, and the process lives on', async () => {
    const server = await serverThatAcceptsThenTerminates();
    const { store, lost } = storeWatchingUncaught(server.port);
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

describe('PostgreSQL store, an idle pooled connection the server ends', () => {
  it('reports the lost connection once, and the next request opens another', async () => {
    const server = await serverThatTerminatesIdleConnections();
    const { store, lost } = storeWatchingUncaught(server.port);
    try {
      await store.ping();
      server.terminateAll();
      await vi.waitFor(() => expect(lost).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 50)); // a second report would come now
      expect(lost.map((error) => (error as { code?: string }).code)).toEqual(['57P01']);
      expect(uncaught).toEqual([]);
      await store.ping();
    } finally {
      await store.close().catch(() => undefined);
      await server.close();
    }
  });
});
