/**
 * D-Bus fixtures: a private dbus-daemon on a temp socket, and a stand-in
 * org.freedesktop.systemd1 that answers LoadUnit and Properties.Get, on that bus or on a
 * peer-to-peer socket like systemd's /run/systemd/private.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbusConnection } from '../../agent/checks/dbus/connection.ts';
import { MessageType, decodeMessage, encodeMessage, messageLength, type DbusMessage } from '../../agent/checks/dbus/message.ts';
import type { DbusValue } from '../../agent/checks/dbus/marshal.ts';

/** True when the D-Bus tools the suites need are installed. */
export const hasDbusTools = ['/usr/bin/dbus-daemon', '/usr/bin/gdbus', '/usr/bin/dbus-send'].every((path) => existsSync(path));

/** A running private bus. */
export interface TestBus {
  socketPath: string;
  address: string;
  child: ChildProcess;
  /** Kills the daemon and waits for it to exit. */
  stop(): Promise<void>;
}

/** A fresh temp directory for one suite; the caller removes it. */
export function suiteDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-dbus-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts dbus-daemon listening on `socketPath`; resolves once it printed its address. */
export function startBus(dir: string, socketPath = join(dir, 'bus')): Promise<TestBus> {
  const config = join(dir, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>custom</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`,
  );
  const child = spawn('/usr/bin/dbus-daemon', ['--config-file', config, '--nofork', '--nopidfile', '--print-address'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}: ${output}`)));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (!output.includes('\n')) return;
      resolve({
        socketPath, address: output.split('\n')[0], child,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

/** Runs a program and resolves with its stdout (rejects with stderr on a non-zero exit). */
export function runTool(path: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: 10_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

/** systemd's object path for a unit name (bus_label_escape: all but [A-Za-z0-9] as _xx). */
export function unitObjectPath(unit: string): string {
  const escaped = [...Buffer.from(unit, 'utf8')].map((byte) => (/[A-Za-z0-9]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `_${byte.toString(16).padStart(2, '0')}`));
  return `/org/freedesktop/systemd1/unit/${escaped.join('')}`;
}

/** Answers what the systemd check asks from a table of unit -> ActiveState ('hang' never answers); records each call's member. */
export class FakeSystemd {
  readonly calls: string[] = [];

  constructor(readonly units: Map<string, string>) {}

  /** The reply to one incoming call, or undefined for no reply. */
  answer(call: DbusMessage): Omit<DbusMessage, 'serial'> | undefined {
    this.calls.push(call.member ?? '');
    const ok = (signature: string, body: DbusValue[]) => ({ type: MessageType.methodReturn, flags: 0, destination: call.sender, replySerial: call.serial, signature, body });
    const fail = (errorName: string, text: string) => ({ type: MessageType.error, flags: 0, destination: call.sender, replySerial: call.serial, errorName, signature: 's', body: [text] });
    if (call.member === 'LoadUnit' && call.path === '/org/freedesktop/systemd1' && call.signature === 's') {
      const unit = String(call.body[0]);
      return this.units.has(unit) ? ok('o', [unitObjectPath(unit)]) : fail('org.freedesktop.systemd1.NoSuchUnit', `Unit ${unit} not found.`);
    }
    if (call.member === 'Get' && call.interface === 'org.freedesktop.DBus.Properties' && call.signature === 'ss') {
      const unit = [...this.units.keys()].find((name) => unitObjectPath(name) === call.path);
      if (unit === undefined) return fail('org.freedesktop.DBus.Error.UnknownObject', `Unknown object '${call.path}'.`);
      if (call.body[0] !== 'org.freedesktop.systemd1.Unit' || call.body[1] !== 'ActiveState') return fail('org.freedesktop.DBus.Error.UnknownProperty', 'Unknown property');
      const state = this.units.get(unit)!;
      return state === 'hang' ? undefined : ok('v', [{ signature: 's', value: state }]);
    }
    return fail('org.freedesktop.DBus.Error.UnknownMethod', `Unknown method ${call.member}`);
  }

  /** Joins a bus as org.freedesktop.systemd1. */
  async joinBus(socketPath: string): Promise<DbusConnection> {
    const connection = await DbusConnection.open({
      socketPath, bus: true, timeoutMs: 5000,
      onMessage: (message, self) => {
        const reply = message.type === MessageType.methodCall ? this.answer(message) : undefined;
        if (reply) self.send(reply);
      },
    });
    const owned = await connection.call(
      { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'RequestName', signature: 'su', body: ['org.freedesktop.systemd1', 4] },
      5000,
    );
    if (owned.body[0] !== 1) throw new Error(`RequestName answered ${String(owned.body[0])}`);
    return connection;
  }

  /** Listens on a peer-to-peer socket as systemd's private socket does (EXTERNAL auth, no bus). */
  async listenPrivate(socketPath: string): Promise<Server> {
    const server = createServer((socket) => this.servePeer(socket));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return server;
  }

  private servePeer(socket: Socket): void {
    let buffer = Buffer.alloc(0);
    let authenticated = false;
    let serial = 0;
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (!authenticated && buffer.includes('\r\n')) {
        const end = buffer.indexOf('\r\n');
        const line = buffer.subarray(0, end).toString('latin1').replace(/^\0/, '');
        buffer = buffer.subarray(end + 2);
        if (line === 'AUTH') socket.write('REJECTED EXTERNAL\r\n');
        else if (line === 'AUTH EXTERNAL') socket.write('DATA\r\n');
        else if (line.startsWith('AUTH EXTERNAL ') || line.startsWith('DATA')) socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
        else if (line === 'BEGIN') authenticated = true;
        else socket.write('ERROR\r\n');
      }
      for (let length = messageLength(buffer); authenticated && length !== undefined && buffer.length >= length; length = messageLength(buffer)) {
        const call = decodeMessage(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
        const reply = call.type === MessageType.methodCall ? this.answer(call) : undefined;
        if (reply) socket.write(encodeMessage({ ...reply, serial: ++serial }));
      }
    });
  }
}
