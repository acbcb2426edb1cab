/**
 * Replicas on one PostgreSQL database. One session connection per replica LISTENs on the
 * `tideway_<schema>` channel and tries a session advisory lock every `pollMs`: the holder is the
 * leader. A killed replica's session ends, the lock is free, and another replica takes it at
 * its next try; a replica that loses its connection stops leading at once.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Cluster, ClusterEvents, ClusterMessages, ClusterMessageType } from './cluster.ts';

/**
 * Leadership lock and message channel, per schema: advisory locks and NOTIFY channels are
 * database-wide, and deployments (or tests) in separate schemas must not hear each other.
 */
const leaderLockName = (schema: string) => `tideway.leader.${schema}`;
const channelOf = (schema: string) => `tideway_${schema.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);

export interface PostgresClusterOptions {
  connectionString: string;
  replicaId: string;
  /** How often a follower tries for leadership and a replica says it is alive. */
  pollMs?: number;
  /** A replica not heard from for this long is taken for gone. */
  livenessMs?: number;
  clock?: () => number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

interface Envelope {
  from: string;
  type: ClusterMessageType;
  body: unknown;
}

/** Another live replica on this database already uses the id. */
export class ReplicaIdInUseError extends Error {
  readonly code = 'REPLICA_ID_IN_USE';
}

export class PostgresCluster extends EventEmitter<ClusterEvents> implements Cluster {
  readonly replicaId: string;
  readonly sole = false;
  private client: pg.Client | null = null;
  private leader = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly heard = new Map<string, number>();
  private readonly pollMs: number;
  private readonly livenessMs: number;
  private readonly clock: () => number;
  /** pg runs one query at a time per client: messages and lock tries wait their turn. */
  private queue: Promise<unknown> = Promise.resolve();
  private schema = 'public';

  private constructor(private readonly options: PostgresClusterOptions) {
    super();
    this.setMaxListeners(0);
    this.replicaId = options.replicaId;
    this.pollMs = options.pollMs ?? 2_000;
    this.livenessMs = options.livenessMs ?? 15_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Connects, listens and makes the first leadership try before resolving. */
  static async start(options: PostgresClusterOptions): Promise<PostgresCluster> {
    const cluster = new PostgresCluster(options);
    // The first connection's failures (an id in use, a refused login) stop the start.
    await cluster.connect();
    await cluster.round();
    cluster.timer = setInterval(() => void cluster.round(), cluster.pollMs);
    cluster.timer.unref();
    return cluster;
  }

  isLeader(): boolean {
    return this.leader;
  }

  liveReplicas(now: number): string[] {
    const live = [this.replicaId];
    for (const [id, at] of this.heard) if (now - at <= this.livenessMs) live.push(id);
    return live.sort();
  }

  publish<K extends ClusterMessageType>(type: K, body: ClusterMessages[K]): void {
    const client = this.client;
    if (!client) return;
    const payload = JSON.stringify({ from: this.replicaId, type, body } satisfies Envelope);
    this.run(client, 'SELECT pg_notify($1, $2)', [channelOf(this.schema), payload]).catch((error: Error) => this.options.log.warn({ err: error, type }, 'cluster message not sent'));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.setLeader(false);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** One poll: (re)connect, say alive, try for leadership. */
  private async round(): Promise<void> {
    if (this.closed) return;
    try {
      const client = this.client ?? (await this.connect());
      this.publish('alive', {});
      if (!this.leader) {
        const { rows } = await this.run<{ locked: boolean }>(client, 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [leaderLockName(this.schema)]);
        if (rows[0]?.locked && !this.closed) this.setLeader(true);
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'cluster connection failed; retrying');
      this.dropConnection();
    }
  }

  private run<R extends pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.queue.then(() => client.query<R>(text, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async connect(): Promise<pg.Client> {
    // Keepalives after 10 s idle: a replica whose host vanished loses its session (and the lead) within about a minute.
    const client = new pg.Client({
      connectionString: this.options.connectionString, application_name: `tideway-cluster@${this.replicaId}`, keepAlive: true, keepAliveInitialDelayMillis: 10_000,
    });
    client.on('error', () => this.dropConnection(client));
    client.on('end', () => this.dropConnection(client));
    client.on('notification', (note) => this.receive(note.payload));
    await client.connect();
    this.schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema ?? 'public';
    // Held for the session: a second live replica with this id would hear neither itself nor the first.
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`tideway.replica.${this.schema}.${this.replicaId}`]);
    if (!rows[0]?.locked) {
      await client.end().catch(() => {});
      throw new ReplicaIdInUseError(`another live replica uses the id '${this.replicaId}': give each replica its own --replica-id`);
    }
    await client.query(`LISTEN ${channelOf(this.schema)}`);
    this.client = client;
    return client;
  }

  /** Drops `which` (the current connection when not given); an old connection's late end changes nothing. */
  private dropConnection(which?: pg.Client): void {
    const client = this.client;
    if (which && which !== client) return;
    this.client = null;
    // The session (and with it the lock) is gone or going: stop leading now, not at the next poll.
    this.setLeader(false);
    client?.end().catch(() => {});
  }

  private setLeader(leader: boolean): void {
    if (this.leader === leader) return;
    this.leader = leader;
    this.options.log.info({ leader }, leader ? 'this replica leads scheduled work' : 'this replica no longer leads');
    this.emit('leadership', leader);
  }

  private receive(payload: string | undefined): void {
    if (!payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.replicaId) return;
    this.heard.set(envelope.from, this.clock());
    // Each listener's failure is its own: one bad handler must not stop the others.
    try {
      (this.emit as (type: string, ...args: unknown[]) => boolean)(envelope.type, envelope.body, envelope.from);
    } catch (error) {
      this.options.log.warn({ err: error, type: envelope.type }, 'cluster message handling failed');
    }
  }
}
