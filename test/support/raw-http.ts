// HTTP as bytes: what a careless or hostile client may send, which fetch and app.inject refuse to build.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/** Sends the bytes on a new connection and reads the answer until the server closes it (or `ms` passes). */
export function rawRequest(base: string, bytes: Buffer | string, ms = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(), ms);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      if (!status) return reject(new Error(`no HTTP answer within ${ms / 1000} s: ${JSON.stringify(text.slice(0, 200))}`));
      resolve({ status, headers: head, body: rest.join('\r\n\r\n') });
    };
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

/** Opens a connection that sends nothing (an idle keep-alive client); answers it for closing. */
export function idleConnection(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}
