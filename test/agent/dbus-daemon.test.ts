import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbusConnection, DbusError } from '../../agent/checks/dbus/connection.ts';
import { hasDbusTools, runTool, startBus, suiteDir, type TestBus } from './dbus-fixture.ts';

const DAEMON = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' };

describe.runIf(hasDbusTools)('the D-Bus client against a real dbus-daemon', () => {
  const suite = suiteDir();
  let bus: TestBus;
  const open: DbusConnection[] = [];
  // A connection given onMessage that ignores everything never answers the calls it gets.
  const connect = async (onMessage?: () => void) => {
    const connection = await DbusConnection.open({ socketPath: bus.socketPath, bus: true, timeoutMs: 5000, onMessage });
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    bus = await startBus(suite.dir);
  });
  afterAll(async () => {
    open.forEach((connection) => connection.close());
    await bus.stop();
    suite.remove();
  });

  it('authenticates, says Hello and gets a unique name the daemon reports as its own owner', async () => {
    const connection = await connect();
    expect(connection.uniqueName).toMatch(/^:\d+\.\d+$/);
    const owner = await connection.call({ ...DAEMON, member: 'GetNameOwner', signature: 's', body: [connection.uniqueName!] }, 5000);
    expect(owner).toMatchObject({ signature: 's', body: [connection.uniqueName] });
  });

  it('reads a daemon property through Properties.Get as a variant holding an array of strings', async () => {
    const connection = await connect();
    const reply = await connection.call(
      { ...DAEMON, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: ['org.freedesktop.DBus', 'Interfaces'] },
      5000,
    );
    expect(reply.signature).toBe('v');
    expect(reply.body[0]).toMatchObject({ signature: 'as' });
    expect((reply.body[0] as { value: string[] }).value).toContain('org.freedesktop.DBus.Monitoring');
  });

  it('gets the uid the daemon saw at authentication, which is this process\'s', async () => {
    const connection = await connect();
    const reply = await connection.call({ ...DAEMON, member: 'GetConnectionUnixUser', signature: 's', body: [connection.uniqueName!] }, 5000);
    expect(reply.body).toEqual([process.getuid!()]);
  });

  it('turns an error reply into a DbusError carrying the D-Bus error name (a call to a missing name)', async () => {
    const connection = await connect();
    const failed = connection.call({ destination: 'org.example.Missing', path: '/x', interface: 'org.example.Missing', member: 'Ping' }, 5000);
    await expect(failed).rejects.toMatchObject({ code: 'DBUS_ERROR_REPLY', errorName: 'org.freedesktop.DBus.Error.ServiceUnknown' });
    expect(connection.pendingCount).toBe(0);
    expect(connection.closed).toBe(false);
  });

  it('answers a call from another client with UnknownMethod, which dbus-send receives intact', async () => {
    const connection = await connect();
    const printed = runTool('/usr/bin/dbus-send', [`--bus=${bus.address}`, '--print-reply', `--dest=${connection.uniqueName}`, '/x', 'org.example.Nothing.Here']);
    await expect(printed).rejects.toThrow(/org\.freedesktop\.DBus\.Error\.UnknownMethod: no method Here here/);
  });

  it('times a call out, leaves nothing pending, and keeps the connection usable', async () => {
    const connection = await connect();
    const silent = await connect(() => undefined);
    const call = connection.call({ destination: silent.uniqueName, path: '/x', interface: 'org.example.Slow', member: 'Wait', signature: 'u', body: [1] }, 150);
    await expect(call).rejects.toMatchObject({ code: 'DBUS_TIMEOUT', message: 'Wait got no reply within 150 ms' });
    expect(connection.pendingCount).toBe(0);
    const owner = await connection.call({ ...DAEMON, member: 'GetNameOwner', signature: 's', body: ['org.freedesktop.DBus'] }, 5000);
    expect(owner.body).toEqual(['org.freedesktop.DBus']);
  });

  it('fails every waiting call with DBUS_CLOSED when the connection is closed', async () => {
    const connection = await connect();
    const silent = await connect(() => undefined);
    const call = connection.call({ destination: silent.uniqueName, path: '/x', interface: 'org.example.Slow', member: 'Wait' }, 5000);
    connection.close();
    await expect(call).rejects.toBeInstanceOf(DbusError);
    await expect(call).rejects.toMatchObject({ code: 'DBUS_CLOSED' });
    expect(connection.closed).toBe(true);
    await expect(connection.call({ ...DAEMON, member: 'ListNames' }, 5000)).rejects.toMatchObject({ code: 'DBUS_CLOSED' });
  });

  it('reports a missing socket as a connect failure', async () => {
    await expect(DbusConnection.open({ socketPath: `${suite.dir}/no-such-socket`, bus: true, timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'DBUS_CONNECT_FAILED',
      message: expect.stringContaining('ENOENT'),
    });
  });
});
