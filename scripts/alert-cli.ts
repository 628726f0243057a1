/**
 * What the alert scripts (notify, outage, heartbeat, record-run) share: `--environment <name>` and
 * `--now <ISO time>` read and checked, and the settings loaded with the suite's one-line errors.
 */
import { parseArgs } from 'node:util';
import { ENVIRONMENTS, type EnvironmentName } from '../src/catalog.ts';

export interface AlertArgs {
  readonly environment: EnvironmentName;
  /** The time the script acts at: runs after it are not seen. Default: the clock's. */
  readonly now: Date;
  readonly values: Readonly<Record<string, string | undefined>>;
}

/** Parses the arguments, or ends the process with one line saying what is expected. */
export function alertArgs(script: string, extra: readonly string[] = []): AlertArgs {
  const usage = `usage: ${script} --environment <${ENVIRONMENTS.join('|')}> [--now <ISO 8601 time>]${extra.map((name) => ` [--${name} <value>]`).join('')}`;
  try {
    const { values } = parseArgs({
      options: {
        environment: { type: 'string' },
        now: { type: 'string' },
        ...Object.fromEntries(extra.map((name) => [name, { type: 'string' as const }])),
      },
    });
    const environment = ENVIRONMENTS.find((name) => name === values.environment);
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (!environment || Number.isNaN(now.getTime())) throw new Error(usage);
    return { environment, now, values };
  } catch {
    console.error(`${script}: ${usage}`);
    process.exit(2);
  }
}
