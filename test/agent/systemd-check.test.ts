import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeSystemdConnections, type SystemdPaths } from '../../agent/checks/dbus/systemd-bus.ts';
import { runCheck } from '../../agent/checks/runner.ts';
import type { DbusConnection } from '../../agent/checks/dbus/connection.ts';
import { FakeSystemd, hasDbusTools, runTool, startBus, suiteDir, type TestBus } from './dbus-fixture.ts';

const UNITS = new Map([
  ['nginx.service', 'active'], ['db.service', 'inactive'], ['worker@1.service', 'failed'], ['boot.service', 'activating'],
  ['odd.service', 'maintenance'], ['hang.service', 'hang'],
]);

describe.runIf(hasDbusTools)('the systemd check against a stand-in systemd on a real dbus-daemon', () => {
  const suite = suiteDir();
  const fake = new FakeSystemd(UNITS);
  let bus: TestBus;
  let member: DbusConnection;
  let paths: SystemdPaths;
  let socketCount = 0;
  const check = (unit: string, timeoutMs?: number) => runCheck({ name: 'unit', kind: 'systemd', unit, ...(timeoutMs ? { timeoutMs } : {}) } as never, { commands: {}, now: Date.now, systemd: paths });
  const restartBus = async () => {
    bus = await startBus(suite.dir, bus.socketPath);
    member = await fake.joinBus(bus.socketPath);
  };

  beforeAll(async () => {
    bus = await startBus(suite.dir);
    member = await fake.joinBus(bus.socketPath);
    paths = { bootedMarker: suite.dir, privateSocket: join(suite.dir, 'private-0'), systemBusSocket: bus.socketPath };
  });
  afterEach(() => {
    closeSystemdConnections();
    fake.calls.splice(0);
    // A fresh private-socket path per test keeps each test on its own connection.
    paths = { bootedMarker: suite.dir, privateSocket: join(suite.dir, `private-${++socketCount}`), systemBusSocket: bus.socketPath };
  });
  afterAll(async () => {
    member.close();
    await bus.stop();
    suite.remove();
  });

  it('answers gdbus and dbus-send as systemd would, so the stand-in is not checked only by our own codec', async () => {
    const address = `--address=${bus.address}`;
    const loaded = await runTool('/usr/bin/gdbus', ['call', address, '--dest', 'org.freedesktop.systemd1', '--object-path', '/org/freedesktop/systemd1', '--method', 'org.freedesktop.systemd1.Manager.LoadUnit', 'nginx.service']);
    expect(loaded.trim()).toBe("(objectpath '/org/freedesktop/systemd1/unit/nginx_2eservice',)");
    const state = await runTool('/usr/bin/dbus-send', [`--bus=${bus.address}`, '--print-reply', '--dest=org.freedesktop.systemd1', '/org/freedesktop/systemd1/unit/db_2eservice', 'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.systemd1.Unit', 'string:ActiveState']);
    expect(state).toMatch(/variant\s+string "inactive"/);
    const missing = runTool('/usr/bin/gdbus', ['call', address, '--dest', 'org.freedesktop.systemd1', '--object-path', '/org/freedesktop/systemd1', '--method', 'org.freedesktop.systemd1.Manager.LoadUnit', 'gone.service']);
    await expect(missing).rejects.toThrow(/org\.freedesktop\.systemd1\.NoSuchUnit: Unit gone\.service not found/);
  });

  it.each([
    ['nginx.service', 'ok', 'nginx.service is active'],
    ['db.service', 'critical', 'db.service is inactive'],
    ['worker@1.service', 'critical', 'worker@1.service is failed'],
    ['boot.service', 'warning', 'boot.service is activating'],
    ['odd.service', 'unknown', "odd.service is in an unrecognised state 'maintenance'"],
  ])('reports %s over the system bus as %s', async (unit, status, message) => {
    expect(await check(unit)).toMatchObject({ name: 'unit', kind: 'systemd', status, message });
  });

  it('is unknown, naming the D-Bus error, for a unit systemd does not know', async () => {
    expect(await check('gone.service')).toMatchObject({
      status: 'unknown', message: 'systemd cannot tell the state of gone.service: org.freedesktop.systemd1.NoSuchUnit: Unit gone.service not found.',
    });
  });

  it('keeps one connection across collections and loads each unit once', async () => {
    const clientsBefore = (await runTool('/usr/bin/dbus-send', [`--bus=${bus.address}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames'])).match(/":1\./g)!.length;
    for (let round = 0; round < 3; round += 1) expect((await check('nginx.service')).status).toBe('ok');
    expect(fake.calls).toEqual(['LoadUnit', 'Get', 'Get', 'Get']);
    const clientsAfter = (await runTool('/usr/bin/dbus-send', [`--bus=${bus.address}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames'])).match(/":1\./g)!.length;
    expect(clientsAfter - clientsBefore).toBe(1);
  });

  it('is unknown when systemd does not answer within the check timeout, and leaves no call pending', async () => {
    expect(await check('hang.service', 200)).toMatchObject({ status: 'unknown', message: 'systemd did not answer for hang.service within 200 ms' });
    expect((await check('nginx.service')).status).toBe('ok');
  });

  it('is unknown without connecting when systemd is not the init system', async () => {
    paths = { ...paths, bootedMarker: join(suite.dir, 'no-such-marker') };
    expect(await check('nginx.service')).toMatchObject({ status: 'unknown', message: `systemd is not the init system on this host (no ${paths.bootedMarker})` });
    expect(fake.calls).toEqual([]);
  });

  it('is unknown when neither socket exists', async () => {
    paths = { ...paths, systemBusSocket: join(suite.dir, 'no-bus') };
    const result = await check('nginx.service');
    expect(result.status).toBe('unknown');
    expect(result.message).toMatch(/^cannot reach systemd over D-Bus: connect ENOENT .*no-bus$/);
  });

  it('talks peer-to-peer on the private socket when it can, with no bus in between', async () => {
    const server = await fake.listenPrivate(paths.privateSocket);
    try {
      const peer = await runTool('/usr/bin/dbus-send', [`--peer=unix:path=${paths.privateSocket}`, '--print-reply', '/org/freedesktop/systemd1', 'org.freedesktop.systemd1.Manager.LoadUnit', 'string:db.service']);
      expect(peer).toMatch(/object path "\/org\/freedesktop\/systemd1\/unit\/db_2eservice"/);
      paths = { ...paths, systemBusSocket: join(suite.dir, 'no-bus') };
      expect(await check('db.service')).toMatchObject({ status: 'critical', message: 'db.service is inactive' });
    } finally {
      closeSystemdConnections();
      server.close();
    }
  });

  it('falls back to the system bus when the private socket refuses it', async () => {
    const server = createServer((socket) => socket.end('REJECTED EXTERNAL\r\n'));
    await new Promise<void>((resolve) => server.listen(paths.privateSocket, resolve));
    try {
      expect(await check('nginx.service')).toMatchObject({ status: 'ok' });
    } finally {
      server.close();
    }
  });

  it('never keeps a process alive: a process whose last work was a systemd check exits on its own', async () => {
    const script = join(suite.dir, 'one-check.mts');
    writeFileSync(
      script,
      `import { runCheck } from ${JSON.stringify(new URL('../../agent/checks/runner.ts', import.meta.url).pathname)};\n` +
        `const result = await runCheck({ name: 'u', kind: 'systemd', unit: 'nginx.service' }, { commands: {}, now: Date.now, systemd: ${JSON.stringify(paths)} });\n` +
        'console.log(result.status);\n',
    );
    // runTool gives up after 10 s: a connection that held the event loop would fail this.
    const printed = await runTool(process.execPath, ['--import', 'tsx', script]);
    expect(printed.trim()).toBe('ok');
  });

  it('is unknown while the bus is down, also for a call in flight, and recovers once it is back', async () => {
    expect((await check('nginx.service')).status).toBe('ok');
    const inFlight = check('hang.service', 10_000);
    await bus.stop();
    const lost = await inFlight;
    expect(lost.status).toBe('unknown');
    expect(lost.message).toMatch(/^cannot reach systemd over D-Bus: connection (closed by the peer|lost)/);
    const down = await check('nginx.service');
    expect(down).toMatchObject({ status: 'unknown' });
    expect(down.message).toMatch(/^cannot reach systemd over D-Bus: connect (ECONNREFUSED|ENOENT)/);
    await restartBus();
    expect(await check('nginx.service')).toMatchObject({ status: 'ok', message: 'nginx.service is active' });
  });
});
