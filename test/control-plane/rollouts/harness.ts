/** Fake agents over real WebSockets that answer patch plans with plan-status records. */
import type { PlanBody, PlanStatusRecord } from '../../../protocol/index.ts';
import type { TestControlPlane } from '../../helpers/control-plane.ts';
import { connectAgent, isType, type ProtocolClient } from '../../helpers/protocol-client.ts';
import { planStatus, verifiedBody } from '../../helpers/rollouts.ts';

export interface FakeAgent {
  name: string;
  hostId: string;
  agentId: string;
  agentSecret: string;
  client: ProtocolClient;
  streamId: string;
  seq: number;
}

/** Connects an enrolled host's agent and says hello. */
export async function connect(cp: TestControlPlane, host: { agentId: string; agentSecret: string; hostId: string }, name: string, seq = 0): Promise<FakeAgent> {
  const client = await connectAgent(cp.url, host.agentId, host.agentSecret);
  const streamId = `stream-${host.agentId.slice(4, 20)}`;
  await client.hello(streamId);
  return { name, ...host, client, streamId, seq };
}

/** Enrols and connects `count` hosts of a tenant, named `<prefix>-NNN`. */
export async function fleetOf(cp: TestControlPlane, tenantId: string, prefix: string, count: number): Promise<FakeAgent[]> {
  const hosts = Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${String(i).padStart(3, '0')}`, ...cp.enroll(tenantId, `${prefix}-${String(i).padStart(3, '0')}`) }));
  return Promise.all(hosts.map((h) => connect(cp, h, h.name)));
}

/** The next plan the agent receives, its signature checked. */
export async function nextPlan(agent: FakeAgent, publicKeyPem: string, timeoutMs = 5000): Promise<PlanBody> {
  const message = await agent.client.next(isType('plan'), timeoutMs);
  return verifiedBody(message.plan, publicKeyPem);
}

/** Reports plan states in one frame and waits for the ack (the rollout has moved on by then). */
export async function answer(agent: FakeAgent, plan: PlanBody, states: Array<PlanStatusRecord['state'] | [PlanStatusRecord['state'], Partial<PlanStatusRecord>]>): Promise<void> {
  const records = states.map((s) => {
    agent.seq += 1;
    return Array.isArray(s) ? planStatus(agent.seq, plan, s[0], s[1]) : planStatus(agent.seq, plan, s);
  });
  await agent.client.report(agent.streamId, records);
}

/** Whether a plan message is waiting for the agent (received and not yet taken). */
export const hasPlan = (agent: FakeAgent) => agent.client.messages.some((m) => m.type === 'plan');
