import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, displayPath, loadConfig, parseConfig } from '../../agent/config/load.ts';
import { tempDir } from './helpers.ts';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'agent.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('config was accepted');
}

const FULL = `
server: https://tideway.example.com
stateDir: /var/lib/tideway-agent
intervalSeconds: 5
caFile: /etc/tideway-agent/ca.pem
logLevel: debug
outbox: { maxBytes: 2097152 }
facts: { refreshSeconds: 600 }
commands:
  check-queue: { path: /usr/local/bin/check-queue, args: ["--warn", "100"], timeoutMs: 5000 }
checks:
  - { name: erp, kind: http, url: "https://erp.example.com/health", keyword: UP, expectStatus: [200] }
  - { name: db, kind: tcp, host: db.internal, port: 5432 }
  - { name: nginx, kind: process, process: nginx }
  - { name: nginx-unit, kind: systemd, unit: nginx.service }
  - { name: queue, kind: command, command: check-queue }
`;

describe('config file', () => {
  it('accepts a file using every setting and every check kind', () => {
    const config = parseConfig(FULL, 'agent.yaml');
    expect(config).toMatchObject({ servers: ['https://tideway.example.com'], intervalSeconds: 5, logLevel: 'debug', outbox: { maxBytes: 2_097_152 } });
    expect(config.checks.map((c) => c.kind)).toEqual(['http', 'tcp', 'process', 'systemd', 'command']);
  });

  it('fills in defaults for an empty file', () => {
    expect(parseConfig('', 'agent.yaml')).toEqual({
      servers: [], stateDir: '/var/lib/tideway-agent', intervalSeconds: 15, logLevel: 'info', outbox: { maxBytes: 64 * 1024 * 1024 },
      facts: { refreshSeconds: 3600 }, commands: {}, checks: [], plans: { maxArtifactBytes: 4 * 1024 ** 3 },
    });
  });

  it.each([
    ['a bad check URL', 'checks:\n  - {name: a, kind: tcp, host: x, port: 1}\n  - {name: b, kind: tcp, host: y, port: 2}\n  - {name: c, kind: http, url: "ftp://x"}\n',
      'checks[2].url: must be an http or https URL, e.g. https://erp.example.com/health'],
    ['an interval of zero', 'intervalSeconds: 0\n', 'intervalSeconds: must be whole seconds between 1 and 3600, e.g. 15'],
    ['a misspelt field', 'intervalSecs: 5\n', 'intervalSecs: is not a known field; check its spelling or remove it'],
    ['a misspelt check field', 'checks:\n  - {name: a, kind: tcp, host: x, port: 1, prot: 2}\n', 'checks[0].prot: is not a known field; check its spelling or remove it'],
    ['a missing port', 'checks:\n  - {name: a, kind: tcp, host: x}\n', 'checks[0].port: is required: a port number between 1 and 65535, e.g. 5432'],
    ['an unknown check kind', 'checks:\n  - {name: a, kind: ping}\n', 'checks[0].kind: must be one of http, tcp, process, systemd, command'],
    ['a duplicate check name', 'checks:\n  - {name: a, kind: process, process: x}\n  - {name: a, kind: process, process: y}\n',
      "checks[1].name: 'a' is used by an earlier check; names must be unique"],
    ['a command check naming no allow-listed command', 'checks:\n  - {name: q, kind: command, command: nope}\n',
      "checks[0].command: 'nope' is not in commands; add it under commands: with its path, e.g. nope: { path: /usr/local/bin/nope }"],
    ['a relative command path', 'commands:\n  q: {path: bin/q}\n', 'commands.q.path: must be an absolute path to an executable, e.g. /usr/lib/nagios/plugins/check_disk'],
    ['a command name with a space', 'commands:\n  "a b": {path: /bin/true}\n', 'commands.a b: the name must be letters, digits, _ . - (up to 128), e.g. check-queue'],
    ['an outbox below 1 MiB', 'outbox: {maxBytes: 10}\n', 'outbox.maxBytes: must be bytes, at least 1048576 (1 MiB), e.g. 67108864'],
    ['a plain list', '- a\n', '(top level): must be a mapping of settings, e.g. intervalSeconds: 15'],
    ['both server and servers', 'server: https://a.example.com\nservers: [https://b.example.com]\n',
      'servers: cannot be set together with server; keep one: servers: [URL, ...] for several control-plane replicas, or server: URL for one'],
    ['a URL listed twice in servers', 'servers: [https://a.example.com, https://b.example.com, https://A.example.com/]\n',
      "servers[2]: 'https://A.example.com/' repeats servers[0]; list each control-plane URL once"],
    ['an empty servers list', 'servers: []\n',
      'servers: must be a list of 1 to 16 control plane URLs, e.g. [https://tideway-1.example.com, https://tideway-2.example.com]'],
    ['a servers entry that is not a URL', 'servers: [https://a.example.com, tideway-2]\n', 'servers[1]: must be a control plane URL, e.g. https://tideway-2.example.com'],
  ])('explains %s', (_name, text, message) => {
    expect(problems(text)).toContain(message);
  });

  it('accepts a list of control-plane URLs in servers, in order', () => {
    const config = parseConfig('servers:\n  - https://tideway-1.example.com\n  - https://tideway-2.example.com:8443/tideway\n', 'agent.yaml');
    expect(config.servers).toEqual(['https://tideway-1.example.com', 'https://tideway-2.example.com:8443/tideway']);
  });

  it('refuses more than 16 servers', () => {
    const text = `servers:\n${Array.from({ length: 17 }, (_, i) => `  - https://tideway-${i}.example.com\n`).join('')}`;
    expect(problems(text)).toEqual(['servers: must be a list of 1 to 16 control plane URLs, e.g. [https://tideway-1.example.com, https://tideway-2.example.com]']);
  });

  it('refuses server and servers together with the config error code', () => {
    expect(() => parseConfig('server: https://a.example.com\nservers: [https://b.example.com]\n', 'agent.yaml')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/servers: cannot be set together with server/) }),
    );
  });

  it('lists every problem in one go, not just the first', () => {
    expect(problems('intervalSeconds: 0\nchecks:\n  - {name: a, kind: http, url: nope}\n')).toHaveLength(2);
  });

  it('points at the line and column of a YAML syntax error', () => {
    expect(problems('checks: [\n  {name: a\n')[0]).toMatch(/^line \d+, column \d+: /);
  });

  it('uses defaults when the default file is absent but refuses a named file that is absent', () => {
    const dir = tempDir();
    expect(loadConfig(undefined, join(dir, 'missing.yaml')).intervalSeconds).toBe(15);
    expect(() => loadConfig(join(dir, 'missing.yaml'), '/nowhere')).toThrow(ConfigError);
    writeFileSync(join(dir, 'agent.yaml'), 'intervalSeconds: 7\n');
    expect(loadConfig(join(dir, 'agent.yaml'), '/nowhere').intervalSeconds).toBe(7);
  });

  it.each([['/checks/2/url', 'checks[2].url'], ['/outbox/maxBytes', 'outbox.maxBytes'], ['/commands/a~1b', 'commands.a/b']])(
    'shows JSON pointer %s as %s',
    (pointer, shown) => {
      expect(displayPath(pointer)).toBe(shown);
    },
  );
});
