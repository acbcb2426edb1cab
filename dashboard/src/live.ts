/**
 * The live WebSocket (`/api/v1/live`): changed host summaries, changed alerts and incidents,
 * rollout progress, critical periods declared or changed, and the samples of the watched host. Reconnects with capped, jittered exponential backoff and re-sends the
 * watch after each reconnect; listeners hear when a reconnect happened so pages can
 * fetch what they missed.
 */
import type { RolloutSummary } from './rollout-types.ts';
import type { AlertItem, HostSummary, SampleRecord } from './types.ts';

export const LIVE_PATH = '/api/v1/live';

/** `live` while the socket is open; `reconnecting` while waiting for the next attempt. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** A message the server pushes. */
export type LiveMessage =
  | { type: 'hosts'; items: HostSummary[] }
  | { type: 'sample'; hostId: string; sample: SampleRecord }
  | { type: 'alerts'; items: AlertItem[] }
  | { type: 'rollouts'; items: RolloutSummary[] }
  | { type: 'incidents'; ids: string[] }
  | { type: 'critical-period'; periodId: string | null }
  | { type: 'error'; code: string; message: string };

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from 500 ms up to 30 s,
 * then scaled into [50%, 100%] by `random` so many dashboards do not reconnect in step.
 */
export function reconnectDelayMs(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + 0.5 * Math.min(1, Math.max(0, random))));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSummary = (value: unknown): value is HostSummary =>
  isObject(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.status === 'string';
const isSample = (value: unknown): value is SampleRecord =>
  isObject(value) && typeof value.seq === 'number' && typeof value.at === 'number' && isObject(value.metrics) && Array.isArray(value.checks);
const isAlert = (value: unknown): value is AlertItem =>
  isObject(value) &&
  typeof value.fingerprint === 'string' &&
  typeof value.state === 'string' &&
  typeof value.severity === 'string' &&
  isObject(value.labels) &&
  isObject(value.annotations);
const isRollout = (value: unknown): value is RolloutSummary =>
  isObject(value) && typeof value.id === 'string' && typeof value.state === 'string' && typeof value.total === 'number' && isObject(value.counts) && Array.isArray(value.tenantIds);

const hasId = (value: unknown): value is { id: string } => isObject(value) && typeof value.id === 'string';

/** The period a `critical-period` push names, in whichever of the usual places it carries it. */
function pushedPeriodId(value: Record<string, unknown>): string | null {
  if (typeof value.periodId === 'string') return value.periodId;
  for (const field of ['period', 'item']) if (hasId(value[field])) return (value[field] as { id: string }).id;
  if (Array.isArray(value.items) && value.items.length === 1 && hasId(value.items[0])) return value.items[0].id;
  return null;
}

/** Parses one frame; anything not shaped like a known message is `null` and ignored. */
export function parseLiveMessage(text: string): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  if (value.type === 'hosts' && Array.isArray(value.items) && value.items.every(isSummary)) return { type: 'hosts', items: value.items };
  if (value.type === 'alerts' && Array.isArray(value.items) && value.items.every(isAlert)) return { type: 'alerts', items: value.items };
  if (value.type === 'rollouts' && Array.isArray(value.items) && value.items.every(isRollout)) return { type: 'rollouts', items: value.items };
  if (value.type === 'incidents' && Array.isArray(value.items) && value.items.every(hasId)) return { type: 'incidents', ids: value.items.map((item) => item.id) };
  if (value.type === 'critical-period') return { type: 'critical-period', periodId: pushedPeriodId(value) };
  if (value.type === 'sample' && typeof value.hostId === 'string' && isSample(value.sample)) {
    return { type: 'sample', hostId: value.hostId, sample: value.sample };
  }
  if (value.type === 'error' && typeof value.code === 'string') return { type: 'error', code: value.code, message: String(value.message ?? '') };
  return null;
}

export interface LiveClientOptions {
  url: string;
  /** Asked before each reconnect; answering false stops the client (e.g. the session ended). */
  shouldReconnect?: () => Promise<boolean>;
}

type Listener<T> = (value: T) => void;

/** One live connection per signed-in page. */
export class LiveClient {
  status: LiveStatus = 'connecting';
  private socket: WebSocket | null = null;
  private watching: string | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private opened = false;
  private readonly statusListeners = new Set<Listener<LiveStatus>>();
  private readonly messageListeners = new Set<Listener<LiveMessage>>();
  private readonly reconnectListeners = new Set<Listener<void>>();

  constructor(private readonly options: LiveClientOptions) {
    this.connect();
  }

  /** Hears status changes; returns the unsubscribe function. */
  onStatus(listener: Listener<LiveStatus>): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  onMessage(listener: Listener<LiveMessage>): () => void {
    this.messageListeners.add(listener);
    return () => void this.messageListeners.delete(listener);
  }

  /** Hears each successful reconnect (not the first connect). */
  onReconnect(listener: Listener<void>): () => void {
    this.reconnectListeners.add(listener);
    return () => void this.reconnectListeners.delete(listener);
  }

  /** Asks for the samples of one host (or none); kept across reconnects. */
  watch(hostId: string | null): void {
    this.watching = hostId;
    this.send(hostId === null ? { type: 'unwatch' } : { type: 'watch', hostId });
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.setStatus('stopped');
    this.socket?.close(1000, 'signed out');
    this.socket = null;
  }

  private send(message: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private connect(): void {
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus('live');
      if (this.watching !== null) this.send({ type: 'watch', hostId: this.watching });
      if (this.opened) for (const listener of this.reconnectListeners) listener();
      this.opened = true;
    };
    socket.onmessage = (event) => {
      const message = typeof event.data === 'string' ? parseLiveMessage(event.data) : null;
      if (message) for (const listener of this.messageListeners) listener(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket || this.status === 'stopped') return;
      this.socket = null;
      this.setStatus('reconnecting');
      this.timer = setTimeout(() => void this.retry(), reconnectDelayMs(this.attempt++, Math.random()));
    };
  }

  private async retry(): Promise<void> {
    this.timer = null;
    const proceed = this.options.shouldReconnect ? await this.options.shouldReconnect().catch(() => true) : true;
    if (this.status === 'stopped') return;
    if (proceed) this.connect();
    else this.stop();
  }
}

/** The live URL on the page's own origin (`wss:` under HTTPS). */
export function liveUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${LIVE_PATH}`;
}
