/** `tideway-agent` command dispatcher; each command module loads only when called. */
import { ExitCode, UsageError, processIo, type CliIo } from './io.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  enroll: { summary: 'trade an enrolment token for this host\'s credential', load: async () => (await import('./enroll-command.ts')).enrollCommand },
  run: { summary: 'collect, check and report until stopped', load: async () => (await import('./run-command.ts')).runCommand },
  'install-service': { summary: 'install and start the systemd unit', load: async () => (await import('./install-service-command.ts')).installServiceCommand },
  version: { summary: 'print the agent version', load: async () => (await import('./version-command.ts')).versionCommand },
};

/** The top-level usage text. */
export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return ['usage: tideway-agent <command> [options]', '', 'commands:', ...lines, '', "Run 'tideway-agent <command> --help' for a command's options."].join('\n');
}

/** Runs one command and returns its exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === '--version') return main(['version'], io);
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`tideway-agent: unknown command '${name}'\n\n${usage()}`);
    return ExitCode.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tideway-agent ${name}: ${error.message}`);
      return ExitCode.usage;
    }
    const code = (error as { code?: unknown }).code;
    io.err(`tideway-agent ${name}: ${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.failure;
  }
}
