/**
 * `tideway` command dispatcher. Each command lives in its own module, loaded only when
 * called, so `tideway sla ...` does not pay for the server's imports.
 */
import { ExitCode, UsageError, processIo, type CliIo } from './io.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'run the control plane', load: async () => (await import('./serve-command.ts')).serveCommand },
  admin: { summary: 'tenants, tokens, users, backup and restore', load: async () => (await import('./admin-command.ts')).adminCommand },
  windows: { summary: 'update windows of a track (JSON or ICS)', load: async () => (await import('./schedule-commands.ts')).windowsCommand },
  calendar: { summary: 'day kinds of the holiday calendar', load: async () => (await import('./schedule-commands.ts')).calendarCommand },
  sla: { summary: 'business-time deadlines and elapsed time', load: async () => (await import('./schedule-commands.ts')).slaCommand },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: tideway <command> [options]', '', 'commands:', ...lines, '', "Run 'tideway <command> --help' for a command's options."].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  const command = commands[name];
  if (!command) {
    io.err(`tideway: unknown command '${name}'\n\n${usage()}`);
    return ExitCode.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tideway ${name}: ${error.message}`);
      return ExitCode.usage;
    }
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `${code}: ` : '';
    io.err(`tideway ${name}: ${prefix}${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.failure;
  }
}
