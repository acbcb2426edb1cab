/**
 * A minimal D-Bus client connection over a unix socket: SASL `AUTH EXTERNAL`, `Hello` on a
 * message bus (not on a peer-to-peer socket), method calls with per-call timeouts, and
 * incoming calls handed to a callback. The socket is unref'd: it never keeps the process alive.
 */
import { createConnection, type Socket } from 'node:net';
import type { DbusValue } from './marshal.ts';
import { MessageType, NO_REPLY_EXPECTED, decodeMessage, encodeMessage, messageLength, type DbusMessage } from './message.ts';

/** Largest message accepted from the peer; past it the connection is closed. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_AUTH_LINE_BYTES = 4096;

/** Stable codes of connection failures; a D-Bus error reply is DBUS_ERROR_REPLY. */
export type DbusErrorCode = 'DBUS_ERROR_REPLY' | 'DBUS_TIMEOUT' | 'DBUS_CLOSED' | 'DBUS_AUTH_REJECTED' | 'DBUS_MESSAGE_TOO_LARGE' | 'DBUS_PROTOCOL' | 'DBUS_CONNECT_FAILED';

/** A failed call or connection; `errorName` is the D-Bus error name of an error reply. */
export class DbusError extends Error {
  constructor(
    readonly code: DbusErrorCode,
    message: string,
    readonly errorName?: string,
  ) {
    super(message);
  }
}

/** A method call to send; the connection fills in type, flags and serial. */
export interface DbusCall {
  destination?: string;
  path: string;
  interface?: string;
  member: string;
  signature?: string;
  body?: DbusValue[];
}

/** How to open a connection. */
export interface DbusConnectOptions {
  socketPath: string;
  /** True for a message bus (sends Hello); false for a peer-to-peer socket. */
  bus: boolean;
  timeoutMs: number;
  /** Incoming method calls and signals; without it, calls get UnknownMethod. */
  onMessage?: (message: DbusMessage, connection: DbusConnection) => void;
}

interface Pending {
  resolve: (reply: DbusMessage) => void;
  reject: (error: DbusError) => void;
  timer: NodeJS.Timeout;
}

/** Rejects with DBUS_TIMEOUT if `promise` has not settled after `timeoutMs`; clears its timer. */
function within<T>(promise: Promise<T>, timeoutMs: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DbusError('DBUS_TIMEOUT', `${what} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** One open connection. */
export class DbusConnection {
  private serial = 0;
  private readonly pending = new Map<number, Pending>();
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closedWith: DbusError | undefined;
  /** The bus-assigned unique name (e.g. ':1.42'); undefined on a peer-to-peer socket. */
  uniqueName: string | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly onMessage: DbusConnectOptions['onMessage'],
  ) {}

  /** Connects, authenticates and, on a bus, says Hello; all within `timeoutMs`. */
  static async open(options: DbusConnectOptions): Promise<DbusConnection> {
    const started = performance.now();
    const socket = createConnection(options.socketPath);
    socket.unref();
    const connection = new DbusConnection(socket, options.onMessage);
    try {
      const early = await within(authenticate(socket), options.timeoutMs, `connecting to ${options.socketPath}`, () => socket.destroy());
      connection.listen();
      if (early.length > 0) connection.receive(early);
      if (options.bus) {
        const remainingMs = Math.max(1, Math.round(options.timeoutMs - (performance.now() - started)));
        const reply = await connection.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'Hello' }, remainingMs);
        connection.uniqueName = String(reply.body[0]);
      }
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  /** True once the socket closed or failed; a closed connection is not reused. */
  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Calls waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends a method call and resolves with its return; an error reply rejects with DBUS_ERROR_REPLY. */
  call(call: DbusCall, timeoutMs: number): Promise<DbusMessage> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const serial = this.send({ ...call, type: MessageType.methodCall, flags: 0, signature: call.signature ?? '', body: call.body ?? [] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(serial);
        reject(new DbusError('DBUS_TIMEOUT', `${call.member} got no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(serial, { resolve, reject, timer });
    });
  }

  /** Sends any message with the next serial (0 in `message.serial` is replaced); returns the serial. */
  send(message: Omit<DbusMessage, 'serial'> & { serial?: number }): number {
    this.serial = this.serial >= 0xffffffff ? 1 : this.serial + 1;
    this.socket.write(encodeMessage({ ...message, serial: this.serial }));
    return this.serial;
  }

  /** Closes the socket; waiting calls reject with DBUS_CLOSED. */
  close(): void {
    this.fail(new DbusError('DBUS_CLOSED', 'connection closed'));
  }

  private listen(): void {
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.fail(new DbusError('DBUS_CLOSED', `connection lost: ${error.message}`)));
    this.socket.on('close', () => this.fail(new DbusError('DBUS_CLOSED', 'connection closed by the peer')));
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      let buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      for (let length = messageLength(buffer); length !== undefined && buffer.length >= length; length = messageLength(buffer)) {
        if (length > MAX_MESSAGE_BYTES) throw new DbusError('DBUS_MESSAGE_TOO_LARGE', `peer sent a ${length}-byte message, more than ${MAX_MESSAGE_BYTES}`);
        this.dispatch(decodeMessage(buffer.subarray(0, length)));
        buffer = buffer.subarray(length);
      }
      const length = messageLength(buffer);
      if (length !== undefined && length > MAX_MESSAGE_BYTES) throw new DbusError('DBUS_MESSAGE_TOO_LARGE', `peer sent a ${length}-byte message, more than ${MAX_MESSAGE_BYTES}`);
      this.chunks = buffer.length > 0 ? [buffer] : [];
      this.buffered = buffer.length;
    } catch (error) {
      this.fail(error instanceof DbusError ? error : new DbusError('DBUS_PROTOCOL', `bad message from the peer: ${(error as Error).message}`));
    }
  }

  private dispatch(message: DbusMessage): void {
    if (message.type === MessageType.methodReturn || message.type === MessageType.error) {
      const waiting = message.replySerial === undefined ? undefined : this.pending.get(message.replySerial);
      if (!waiting) return;
      this.pending.delete(message.replySerial!);
      clearTimeout(waiting.timer);
      if (message.type === MessageType.methodReturn) waiting.resolve(message);
      else {
        const text = typeof message.body[0] === 'string' ? message.body[0] : '';
        waiting.reject(new DbusError('DBUS_ERROR_REPLY', `${message.errorName}${text ? `: ${text}` : ''}`, message.errorName));
      }
    } else if (this.onMessage) this.onMessage(message, this);
    else if (message.type === MessageType.methodCall && (message.flags & NO_REPLY_EXPECTED) === 0) {
      this.send({
        type: MessageType.error, flags: NO_REPLY_EXPECTED, destination: message.sender, replySerial: message.serial,
        errorName: 'org.freedesktop.DBus.Error.UnknownMethod', signature: 's', body: [`no method ${message.member} here`],
      });
    }
  }

  private fail(error: DbusError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    this.socket.destroy();
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.pending.clear();
  }
}

/** SASL EXTERNAL with the process uid, then BEGIN; resolves with any bytes after the server's OK line. */
function authenticate(socket: Socket): Promise<Buffer> {
  const uid = String(process.getuid?.() ?? 0);
  return new Promise((resolve, reject) => {
    let received = '';
    const done = (error?: DbusError, early = Buffer.alloc(0)) => {
      socket.off('data', onData).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(early);
    };
    const onError = (error: Error) => done(new DbusError('DBUS_CONNECT_FAILED', error.message));
    const onClose = () => done(new DbusError('DBUS_CONNECT_FAILED', 'closed during authentication'));
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end < 0) {
        if (received.length > MAX_AUTH_LINE_BYTES) done(new DbusError('DBUS_PROTOCOL', 'authentication reply line too long'));
        return;
      }
      const line = received.slice(0, end);
      if (!line.startsWith('OK ')) return done(new DbusError('DBUS_AUTH_REJECTED', `authentication refused: ${line.slice(0, 200)}`));
      socket.write('BEGIN\r\n');
      // A server should wait for BEGIN, but bytes it sent early are messages, not to be lost.
      done(undefined, Buffer.from(received.slice(end + 2), 'latin1'));
    };
    socket.on('data', onData).on('error', onError).on('close', onClose);
    socket.write(`\0AUTH EXTERNAL ${Buffer.from(uid, 'ascii').toString('hex')}\r\n`);
  });
}
