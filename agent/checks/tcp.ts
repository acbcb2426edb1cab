/** TCP check: can a connection to host:port be opened within the timeout. */
import { connect } from 'node:net';
import { Type } from '@sinclair/typebox';
import { DEFAULT_CHECK_TIMEOUT_MS, checkSchema, defineCheck, elapsedMs } from './contract.ts';

/** The tcp check. */
export const tcpCheck = defineCheck({
  kind: 'tcp',
  schema: checkSchema('tcp', {
    host: Type.String({ minLength: 1, maxLength: 255, hint: 'a host name or IP address, e.g. db.internal' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, hint: 'a port number between 1 and 65535, e.g. 5432' }),
  }),
  run(check) {
    const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const started = performance.now();
    return new Promise((resolve) => {
      const socket = connect({ host: check.host, port: check.port });
      const timer = setTimeout(() => socket.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        const latencyMs = elapsedMs(started);
        socket.destroy();
        resolve({ status: 'ok', message: `connected to ${check.host}:${check.port} in ${latencyMs} ms`, latencyMs });
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        resolve({ status: 'critical', message: `cannot connect to ${check.host}:${check.port}: ${error.message}`, latencyMs: elapsedMs(started) });
      });
    });
  },
});
