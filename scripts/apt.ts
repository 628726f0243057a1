/**
 * Installing Debian packages with apt, as root, leaving no service behind. Debian's maintainer
 * scripts enable a package's services and start them: Prometheus and its Pushgateway would then
 * listen on 9090 and 9091 for good, and start again at every boot, where the self-tests need only
 * the binaries (they start their own, on free loopback ports, and stop them).
 *
 * So, while apt runs, a policy-rc.d forbids every start: Debian's `invoke-rc.d` and
 * `deb-systemd-invoke`, which the maintainer scripts start services through, ask it first, under
 * systemd or without it (a container). Afterwards the services of every package the install added
 * are disabled again with the tools that enabled them (`deb-systemd-helper`, `update-rc.d`), which
 * work without a running systemd too; where systemd runs, they are also stopped, in case a policy
 * of the machine's own let them start. apt's output goes to a log file, not the terminal.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where Debian's `invoke-rc.d` and `deb-systemd-invoke` look for the machine's policy on services. */
export const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/** 101 is policy-rc.d's "action forbidden by policy" (Debian's `invoke-rc.d(8)`). */
export const FORBID_EVERY_START = '#!/bin/sh\n# wink-smoke: no service starts while apt installs packages\nexit 101\n';

/** apt-get update, and the install of a few packages with what they need. */
const APT_TIMEOUT_MS = 10 * 60_000;
/** A query of dpkg's database, or one service disabled or stopped. */
const QUICK_TIMEOUT_MS = 60_000;

/** Where a command runs: this machine, with each command's output appended to the log. */
export interface Machine {
  /** Runs the command; whether it exited 0. */
  run(command: string, args: readonly string[], timeoutMs: number): boolean;
  /** The command's standard output, or undefined when it failed. */
  read(command: string, args: readonly string[]): string | undefined;
  exists(file: string): boolean;
  /** Whether systemd runs this machine (not a container's bare process). */
  readonly systemdRuns: boolean;
}

/** This machine, each command's output and its command line appended to `logFile`. */
export function thisMachine(logFile: string): Machine {
  const log = (line: string): void => fs.appendFileSync(logFile, `${line}\n`);
  return {
    run(command, args, timeoutMs) {
      log(`$ ${command} ${args.join(' ')}`);
      const output = fs.openSync(logFile, 'a');
      try {
        const result = spawnSync(command, args, {
          stdio: ['ignore', output, output],
          timeout: timeoutMs,
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
        if (result.error) log(`(${result.error.message})`);
        return result.status === 0;
      } finally {
        fs.closeSync(output);
      }
    },
    read(command, args) {
      const result = spawnSync(command, args, { encoding: 'utf8', timeout: QUICK_TIMEOUT_MS });
      return result.status === 0 ? result.stdout : undefined;
    },
    exists: (file) => fs.existsSync(file),
    // systemd's own test (sd_booted): this directory exists only when it is the running init.
    systemdRuns: fs.existsSync('/run/systemd/system'),
  };
}

/**
 * Runs `body` with every service start forbidden: a policy-rc.d of its own for the time being, or
 * none where the machine has one (Docker's images forbid starts already; the machine's is kept).
 */
export function withNoServiceStarting<T>(body: () => T, policyFile = POLICY_RC_D): T {
  if (fs.existsSync(policyFile)) return body();
  fs.writeFileSync(policyFile, FORBID_EVERY_START, { mode: 0o755 });
  try {
    return body();
  } finally {
    fs.rmSync(policyFile, { force: true });
  }
}

/** A package's services, from the files it installed (`dpkg -L`): systemd units and SysV init scripts. */
export function servicesOf(files: readonly string[]): { units: string[]; initScripts: string[] } {
  return {
    units: files
      .filter((file) => /^\/(usr\/)?lib\/systemd\/system\/[^/]+\.(service|socket|timer|path)$/.test(file))
      .map((file) => path.posix.basename(file)),
    initScripts: files
      .filter((file) => /^\/etc\/init\.d\/[^/.][^/]*$/.test(file))
      .map((file) => path.posix.basename(file)),
  };
}

/** The commands that disable (and, under systemd, stop) these services, with the tools this machine has. */
export function disablingCommands(
  services: { units: readonly string[]; initScripts: readonly string[] },
  machine: Pick<Machine, 'exists' | 'systemdRuns'>,
): [string, string[]][] {
  const commands: [string, string[]][] = [];
  if (machine.exists('/usr/bin/deb-systemd-helper'))
    commands.push(...services.units.map((unit): [string, string[]] => ['deb-systemd-helper', ['disable', unit]]));
  if (machine.exists('/usr/sbin/update-rc.d'))
    commands.push(...services.initScripts.map((name): [string, string[]] => ['update-rc.d', [name, 'disable']]));
  if (machine.systemdRuns && services.units.length > 0) commands.push(['systemctl', ['stop', ...services.units]]);
  return commands;
}

const installedPackages = (machine: Machine): Set<string> =>
  new Set((machine.read('dpkg-query', ['-W', '-f', '${Package}\\n']) ?? '').split('\n').filter(Boolean));

export interface Installed {
  /** apt installed every package asked for. */
  readonly ok: boolean;
  /** Every package the install added, the ones asked for and what they need. */
  readonly added: readonly string[];
  /** The services of those packages (`prometheus`, from its unit or its init script), left disabled. */
  readonly services: readonly string[];
  /** The services a command failed on, disabling or stopping them; the log says why. */
  readonly unsettled: readonly string[];
}

/** `prometheus.service` and `/etc/init.d/prometheus` are one service, `prometheus`. */
const serviceName = (unitOrScript: string): string => unitOrScript.replace(/\.service$/, '');

/**
 * Installs `packages` (and what they need, not what they only recommend) with no service of theirs
 * started, and every service of a package it added disabled.
 */
export function installQuietly(packages: readonly string[], machine: Machine, policyFile = POLICY_RC_D): Installed {
  const before = installedPackages(machine);
  const ok = withNoServiceStarting(
    () =>
      machine.run('apt-get', ['update', '-q'], APT_TIMEOUT_MS) &&
      machine.run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], APT_TIMEOUT_MS),
    policyFile,
  );
  // Even after a failed install: a package configured before the failure has its services enabled.
  const added = [...installedPackages(machine)].filter((name) => !before.has(name)).sort();
  const all = { units: [] as string[], initScripts: [] as string[] };
  for (const name of added) {
    const { units, initScripts } = servicesOf((machine.read('dpkg', ['-L', name]) ?? '').split('\n'));
    all.units.push(...units);
    all.initScripts.push(...initScripts);
  }
  const unsettled = disablingCommands(all, machine)
    .filter(([command, args]) => !machine.run(command, args, QUICK_TIMEOUT_MS))
    .flatMap(([command, args]) => (command === 'update-rc.d' ? [args[0]!] : args.slice(1)));
  const names = (list: readonly string[]): string[] => [...new Set(list.map(serviceName))].sort();
  return { ok, added, services: names([...all.units, ...all.initScripts]), unsettled: names(unsettled) };
}

/** The line that says what `installQuietly` did with `packages`, and where apt's output is. */
export function installLine(packages: readonly string[], installed: Installed, log: string): string {
  const others = installed.added.filter((name) => !packages.includes(name)).length;
  const needed = others > 0 ? ` and ${others} ${others === 1 ? 'package' : 'packages'} they need` : '';
  const services =
    installed.services.length === 0
      ? ''
      : installed.unsettled.length === 0
        ? `, their services (${installed.services.join(', ')}) left neither enabled nor started`
        : `, their services (${installed.services.join(', ')}) not started, but disabling or stopping ${installed.unsettled.join(', ')} failed`;
  return `installed Debian's ${packages.join(', ')}${needed}${services}; apt's output is in ${log}`;
}
