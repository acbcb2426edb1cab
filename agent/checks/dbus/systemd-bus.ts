/**
 * Asks systemd for a unit's ActiveState over D-Bus, as `systemctl is-active` does, without
 * spawning systemctl: the private socket when this process may use it (root), else the system
 * bus. One connection per socket pair stays open across collections and is reopened after it
 * closes; each unit's object path is remembered for that connection.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { DbusConnection, DbusError } from './connection.ts';
import type { DbusVariant } from './marshal.ts';

/** Where systemd's marker and sockets are; tests point them elsewhere. */
export interface SystemdPaths {
  /** Exists when systemd is the init system (the test `systemctl` and sd_booted() make). */
  bootedMarker: string;
  /** systemd's peer-to-peer socket, root only: no bus daemon in between, no Hello. */
  privateSocket: string;
  systemBusSocket: string;
}

/** The paths on a systemd host. */
export const DEFAULT_SYSTEMD_PATHS: SystemdPaths = {
  bootedMarker: '/run/systemd/system',
  privateSocket: '/run/systemd/private',
  systemBusSocket: '/run/dbus/system_bus_socket',
};

const SYSTEMD_NAME = 'org.freedesktop.systemd1';
const MANAGER_PATH = '/org/freedesktop/systemd1';

interface Link {
  connection: DbusConnection;
  /** True on the system bus (calls carry a destination); false on the private socket. */
  bus: boolean;
  unitPaths: Map<string, string>;
}

const links = new Map<string, Promise<Link>>();

/** True when systemd is the init system on this host. */
export function bootedWithSystemd(paths: SystemdPaths): boolean {
  return existsSync(paths.bootedMarker);
}

function privateSocketUsable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function openLink(paths: SystemdPaths, deadlineAt: number): Promise<Link> {
  const left = () => Math.max(1, Math.round(deadlineAt - performance.now()));
  if (privateSocketUsable(paths.privateSocket)) {
    try {
      return { connection: await DbusConnection.open({ socketPath: paths.privateSocket, bus: false, timeoutMs: left() }), bus: false, unitPaths: new Map() };
    } catch {
      // As systemctl does: a private socket that does not answer falls back to the bus.
    }
  }
  return { connection: await DbusConnection.open({ socketPath: paths.systemBusSocket, bus: true, timeoutMs: left() }), bus: true, unitPaths: new Map() };
}

// Concurrent checks share one opening; a closed or failed link is replaced on the next call.
async function connect(paths: SystemdPaths, deadlineAt: number): Promise<Link> {
  const key = `${paths.privateSocket}\0${paths.systemBusSocket}`;
  const current = links.get(key);
  if (current) {
    const link = await current.catch(() => undefined);
    if (link && !link.connection.closed) return link;
    if (links.get(key) === current) links.delete(key);
  }
  const opening = links.get(key) ?? openLink(paths, deadlineAt);
  links.set(key, opening);
  return opening;
}

/** The unit's ActiveState ('active', 'failed', ...); rejects with a DbusError. */
export async function unitActiveState(paths: SystemdPaths, unit: string, timeoutMs: number): Promise<string> {
  const deadlineAt = performance.now() + timeoutMs;
  const left = () => Math.max(1, Math.round(deadlineAt - performance.now()));
  const link = await connect(paths, deadlineAt);
  const destination = link.bus ? SYSTEMD_NAME : undefined;
  let path = link.unitPaths.get(unit);
  if (path === undefined) {
    const loaded = await link.connection.call(
      { destination, path: MANAGER_PATH, interface: `${SYSTEMD_NAME}.Manager`, member: 'LoadUnit', signature: 's', body: [unit] },
      left(),
    );
    if (loaded.signature !== 'o') throw new DbusError('DBUS_PROTOCOL', `LoadUnit answered '${loaded.signature}', expected 'o'`);
    path = String(loaded.body[0]);
    link.unitPaths.set(unit, path);
  }
  try {
    const reply = await link.connection.call(
      { destination, path, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: [`${SYSTEMD_NAME}.Unit`, 'ActiveState'] },
      left(),
    );
    const variant = reply.body[0] as DbusVariant | undefined;
    if (reply.signature !== 'v' || variant?.signature !== 's') throw new DbusError('DBUS_PROTOCOL', `ActiveState came as '${reply.signature}' ${variant?.signature ?? ''}, expected a string variant`);
    return String(variant.value);
  } catch (error) {
    link.unitPaths.delete(unit);
    throw error;
  }
}

/** Closes every open systemd connection (agent shutdown); the next call opens a new one. */
export function closeSystemdConnections(): void {
  for (const opening of links.values()) opening.then((link) => link.connection.close(), () => undefined);
  links.clear();
}
