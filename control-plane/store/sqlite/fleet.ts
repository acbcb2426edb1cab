/** SQLite agents, hosts and outbox stream resume points. */
import type { HostFacts } from '../../../protocol/index.ts';
import type { Agent, AgentStore, Host, HostStatus, HostStore, StreamStore } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface AgentRow {
  id: string;
  tenant_id: string;
  host_id: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
  agent_version: string | null;
  interval_seconds: number | null;
}

const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  tenantId: row.tenant_id,
  hostId: row.host_id,
  secretHash: row.secret_hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  agentVersion: row.agent_version,
  intervalSeconds: row.interval_seconds,
});

export function sqliteAgentStore(db: SqlDatabase): AgentStore {
  const insert = db.prepare(
    `INSERT INTO agents (id, tenant_id, host_id, secret_hash, created_at, revoked_at, agent_version, interval_seconds)
     VALUES (@id, @tenantId, @hostId, @secretHash, @createdAt, @revokedAt, @agentVersion, @intervalSeconds)`,
  );
  const revoke = db.prepare('UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const hello = db.prepare('UPDATE agents SET agent_version = ?, interval_seconds = ? WHERE id = ?');
  return {
    create: (agent) => void insert.run(agent),
    get: oneOf(db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'), toAgent),
    list: allOf(db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY created_at'), toAgent),
    revoke: (id, now) => revoke.run(now, id).changes > 0,
    recordHello: (id, version, intervalSeconds) => void hello.run(version, intervalSeconds, id),
  };
}

interface HostRow {
  id: string;
  tenant_id: string;
  name: string;
  product: string | null;
  agent_id: string | null;
  facts: string | null;
  created_at: number;
  last_seen_at: number | null;
  status: HostStatus;
}

const toHost = (row: HostRow): Host => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  product: row.product,
  agentId: row.agent_id,
  facts: row.facts ? (JSON.parse(row.facts) as HostFacts) : null,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  status: row.status,
});

export function sqliteHostStore(db: SqlDatabase): HostStore {
  const insert = db.prepare(
    `INSERT INTO hosts (id, tenant_id, name, product, agent_id, facts, created_at, last_seen_at, status)
     VALUES (@id, @tenantId, @name, @product, @agentId, @facts, @createdAt, @lastSeenAt, @status)`,
  );
  const setAgent = db.prepare('UPDATE hosts SET agent_id = ? WHERE id = ?');
  const getMany = db.prepare<[string], HostRow>('SELECT * FROM hosts WHERE id IN (SELECT value FROM json_each(?))');
  const setStatus = db.prepare('UPDATE hosts SET status = ? WHERE id = ?');
  const setStatuses = db.transaction((changes: ReadonlyArray<{ hostId: string; status: HostStatus }>) => {
    for (const change of changes) setStatus.run(change.status, change.hostId);
  });
  const setLastSeen = db.prepare('UPDATE hosts SET last_seen_at = ? WHERE id = ?');
  const setLastSeens = db.transaction((entries: ReadonlyArray<{ hostId: string; lastSeenAt: number }>) => {
    for (const entry of entries) setLastSeen.run(entry.lastSeenAt, entry.hostId);
  });
  return {
    create: (host) => void insert.run({ ...host, facts: host.facts ? JSON.stringify(host.facts) : null }),
    get: oneOf(db.prepare<[string], HostRow>('SELECT * FROM hosts WHERE id = ?'), toHost),
    list: allOf(db.prepare<[], HostRow>('SELECT * FROM hosts ORDER BY name, id'), toHost),
    getMany: (ids) => getMany.all(JSON.stringify(ids)).map(toHost),
    setAgent: (hostId, agentId) => void setAgent.run(agentId, hostId),
    setStatus: (changes) => setStatuses(changes),
    setLastSeen: (entries) => setLastSeens(entries),
  };
}

export function sqliteStreamStore(db: SqlDatabase): StreamStore {
  const lastSeq = db.prepare<[string, string], number>('SELECT last_seq FROM streams WHERE agent_id = ? AND stream_id = ?').pluck();
  return { lastSeq: (agentId, streamId) => lastSeq.get(agentId, streamId) ?? 0 };
}
