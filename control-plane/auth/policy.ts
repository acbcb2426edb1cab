/**
 * Every route declares who may call it in `config.policy`. A route without a policy is
 * refused at start-up, so a new route cannot be exposed by forgetting.
 */
import type {} from 'fastify';
import type { Role } from '../store/types.ts';

export type RoutePolicy =
  /** Anyone, signed in or not (health, metrics, login, the dashboard's files). */
  | { access: 'public'; reason: string }
  /** Agents, authenticated by their own credential inside the handler. */
  | { access: 'agent' }
  /** Signed-in users or API tokens whose role is listed; tenant roles see only their tenant. */
  | { access: 'roles'; roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}
