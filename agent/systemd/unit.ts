/**
 * The systemd unit for the agent. The same text ships as agent/systemd/tideway-agent.service
 * (rendered with DEFAULT_UNIT_OPTIONS); a test keeps the two identical.
 */
import { DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR } from '../config/schema.ts';

/** Paths the unit points at. */
export interface UnitOptions {
  nodePath: string;
  scriptPath: string;
  stateDir: string;
  configPath: string;
}

/** Where the packaged agent lives on a host. */
export const DEFAULT_UNIT_OPTIONS: UnitOptions = {
  nodePath: '/usr/bin/node',
  scriptPath: '/opt/tideway-agent/tideway-agent.mjs',
  stateDir: DEFAULT_STATE_DIR,
  configPath: DEFAULT_CONFIG_PATH,
};

/**
 * Node flags the agent runs with. `--lite-mode` leaves out V8's optimising compilers and
 * allocates type feedback lazily: the agent's own JavaScript is small and mostly waits on
 * I/O, and the flag takes about 8 MB off its resident memory (bench/agent-footprint).
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--lite-mode'];

/** The unit's file name. */
export const UNIT_NAME = 'tideway-agent.service';

// systemd splits ExecStart= on spaces; quote any argument that needs it.
function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Renders the hardened unit text. */
export function renderUnit(options: UnitOptions): string {
  const exec = [options.nodePath, ...AGENT_NODE_FLAGS, options.scriptPath, 'run', '--state', options.stateDir, '--config', options.configPath].map(quote).join(' ');
  const defaultState = options.stateDir === DEFAULT_STATE_DIR;
  return `# Tideway host agent; 'tideway-agent install-service' writes this unit.
[Unit]
Description=Tideway host agent
After=network-online.target
Wants=network-online.target
# Never give up restarting: the agent is the only eye on this host.
StartLimitIntervalSec=0

[Service]
Type=simple
ExecStart=${exec}
Restart=always
RestartSec=5s
# 77: credential revoked, 78: config invalid. Restarting cannot fix either; re-enrol or fix
# the config, then 'systemctl restart tideway-agent'.
RestartPreventExitStatus=77 78
${defaultState ? 'StateDirectory=tideway-agent\nStateDirectoryMode=0700\n' : ''}# The file system is read-only to the agent and its commands except for its state directory.
ProtectSystem=strict
ReadWritePaths=${quote(options.stateDir)}
# read-only rather than yes: disk metrics statfs /home mounts, so they must stay visible.
ProtectHome=read-only
PrivateTmp=yes
PrivateDevices=yes
NoNewPrivileges=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
SystemCallArchitectures=native
# AF_NETLINK lets node list interface addresses; AF_UNIX reaches systemd for is-active.
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
UMask=0077
# Not set on purpose: MemoryDenyWriteExecute (V8's JIT needs W+X pages) and ProtectProc=
# invisible (the process check and process count read every /proc/PID).

[Install]
WantedBy=multi-user.target
`;
}
