/** `tideway-agent enroll --server URL [--server URL ...] --token T [--state DIR] [--config FILE]`. */
import { gatherFacts } from '../collectors/facts.ts';
import { DEFAULT_CONFIG_PATH } from '../config/schema.ts';
import { EnrollError, enrollAny } from '../enroll.ts';
import { displayServerUrl, trustedCas } from '../net/urls.ts';
import { credentialsPath, saveCredentials } from '../state/credentials.ts';
import { agentVersion } from '../version.ts';
import { configFromFlag, parseFlags } from './args.ts';
import { ExitCode, UsageError, type CliIo } from './io.ts';

const USAGE = `usage: tideway-agent enroll --server URL [--server URL ...] --token T [--state DIR] [--config FILE]

  --server URL   control plane, e.g. https://tideway.example.com; repeat it for replicas, tried in
                 order until one answers (default: server or servers in the config file)
  --token T      enrolment token from 'tideway admin enrollment-token create'
  --state DIR    state directory (default: stateDir in the config file, else /var/lib/tideway-agent)
  --config FILE  config file (default ${DEFAULT_CONFIG_PATH}, optional)`;

/** Enrols this host and saves its credentials. */
export async function enrollCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { server: { type: 'string', multiple: true }, token: { type: 'string' }, state: { type: 'string' }, config: { type: 'string' } }, USAGE);
  if (flags.help) {
    io.out(USAGE);
    return ExitCode.ok;
  }
  const config = configFromFlag(flags.config as string | undefined, io);
  if (!config) return ExitCode.config;
  const flagServers = (flags.server as string[] | undefined) ?? [];
  const servers = flagServers.length > 0 ? flagServers : config.servers;
  const token = flags.token as string | undefined;
  if (servers.length === 0) throw new UsageError(`--server is required (or set server: or servers: in the config file)\n\n${USAGE}`);
  if (!token) throw new UsageError(`--token is required\n\n${USAGE}`);
  const stateDir = (flags.state as string | undefined) ?? config.stateDir;
  try {
    const credentials = await enrollAny(servers, token, gatherFacts(agentVersion), {
      ca: trustedCas(config.caFile),
      now: Date.now(),
      onSkip: (server, error) => io.err(`${displayServerUrl(server)} failed (${error.code}: ${error.message}); trying the next URL`),
    });
    saveCredentials(stateDir, credentials);
    io.out(`enrolled as agent ${credentials.agentId} (host ${credentials.hostId}, tenant ${credentials.tenantId}); credentials saved to ${credentialsPath(stateDir)}`);
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof EnrollError)) throw error;
    io.err(`enrolment failed: ${error.code}: ${error.message}`);
    return ExitCode.failure;
  }
}
