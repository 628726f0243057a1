/**
 * What the alert scripts (notify, outage, heartbeat, record-run) share: `--environment <name>` and
 * `--now <ISO time>` read and checked, and the settings loaded with the suite's one-line errors.
 */
import { ENVIRONMENTS, type EnvironmentName } from '../src/catalog/catalog.ts';
import { parseCommandLine, refuse } from './command-line.ts';

export interface AlertArgs {
  readonly environment: EnvironmentName;
  /** The time the script acts at: runs after it are not seen. Default: the clock's. */
  readonly now: Date;
  readonly values: Readonly<Record<string, string | undefined>>;
}

/**
 * Parses the arguments, or ends the process as every script's command line does (`command-line.ts`).
 * `extra` holds the script's own options, each with the placeholder of its value: `{ lines: '<dir>' }`.
 */
export function alertArgs(script: string, summary: string, extra: Readonly<Record<string, string>> = {}): AlertArgs {
  const command = {
    script,
    usage: `usage: npm run ${script} -- --environment <${ENVIRONMENTS.join('|')}> [--now <ISO 8601 time>]${Object.entries(
      extra,
    )
      .map(([name, placeholder]) => ` [--${name} ${placeholder}]`)
      .join('')}`,
    summary,
    options: {
      environment: { type: 'string' },
      now: { type: 'string' },
      ...Object.fromEntries(Object.keys(extra).map((name) => [name, { type: 'string' as const }])),
    },
  } as const;
  const { values } = parseCommandLine(command);
  const environment = ENVIRONMENTS.find((name) => name === values.environment);
  if (!environment) {
    refuse(
      command,
      values.environment === undefined
        ? '--environment is missing'
        : `--environment ${JSON.stringify(values.environment)} is not valid`,
      `one of ${ENVIRONMENTS.join(', ')}`,
    );
  }
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    refuse(command, `--now ${JSON.stringify(values.now)} is not valid`, 'an ISO 8601 time, e.g. 2026-03-02T21:41Z');
  }
  return { environment, now, values };
}
