/**
 * The setup's apt installs leave no service behind: no start while apt runs, every service of an
 * added package disabled after, apt's output in a log. Against a machine played in memory: the real
 * apt is run by `.ci/run` on a fresh machine, never by a test.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  FORBID_EVERY_START,
  disablingCommands,
  installLine,
  installQuietly,
  servicesOf,
  thisMachine,
  withNoServiceStarting,
  type Machine,
} from '../../scripts/apt.ts';

/** What `dpkg -L prometheus` lists on Debian 12, shortened. */
const PROMETHEUS_FILES = [
  '/.',
  '/etc/default/prometheus',
  '/etc/init.d',
  '/etc/init.d/prometheus',
  '/lib/systemd',
  '/lib/systemd/system',
  '/lib/systemd/system/prometheus.service',
  '/usr/bin/prometheus',
];

const folder = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-apt-test-'));

/**
 * A Debian machine in memory: `apt-get install` adds the packages asked for, plus libjs-jquery
 * (a dependency), each with the files `files` gives; every command is recorded with whether the
 * policy file forbade service starts as it ran.
 */
function fakeMachine(options: { policyFile: string; systemdRuns: boolean; installFails?: boolean; failing?: string }) {
  const installed = new Set(['libc6', 'openssl']);
  const commands: { line: string; startsForbidden: boolean }[] = [];
  const files: Readonly<Record<string, readonly string[]>> = {
    prometheus: PROMETHEUS_FILES,
    'prometheus-pushgateway': [
      '/etc/init.d/prometheus-pushgateway',
      '/lib/systemd/system/prometheus-pushgateway.service',
    ],
    'libjs-jquery': ['/usr/share/javascript/jquery/jquery.js'],
    openssl: ['/usr/bin/openssl'],
  };
  const machine: Machine = {
    systemdRuns: options.systemdRuns,
    exists: (file) => ['/usr/bin/deb-systemd-helper', '/usr/sbin/update-rc.d'].includes(file),
    run(command, args) {
      const line = [command, ...args].join(' ');
      commands.push({
        line,
        startsForbidden:
          fs.existsSync(options.policyFile) && fs.readFileSync(options.policyFile, 'utf8') === FORBID_EVERY_START,
      });
      if (command === 'apt-get' && args[0] === 'install') {
        // A failed install may still leave the first packages configured.
        const asked = args.filter((arg) => !arg.startsWith('-') && arg !== 'install');
        for (const name of options.installFails ? asked.slice(0, 1) : [...asked, 'libjs-jquery']) installed.add(name);
        return !options.installFails;
      }
      return line !== options.failing;
    },
    read(command, args) {
      if (command === 'dpkg-query') return [...installed].map((name) => `${name}\n`).join('');
      if (command === 'dpkg' && args[0] === '-L') return (files[args[1]!] ?? []).join('\n');
      return undefined;
    },
  };
  return { machine, commands };
}

describe("the setup's apt installs", () => {
  it("find a package's services among its files: systemd units and SysV init scripts", () => {
    assert.deepEqual(servicesOf(PROMETHEUS_FILES), { units: ['prometheus.service'], initScripts: ['prometheus'] });
    assert.deepEqual(servicesOf(['/usr/lib/systemd/system/x.timer', '/etc/init.d/.depend.start']), {
      units: ['x.timer'],
      initScripts: [],
    });
  });

  it('disable with the tools that enabled them, and stop them too where systemd runs', () => {
    const services = servicesOf(PROMETHEUS_FILES);
    const tools = (file: string) => ['/usr/bin/deb-systemd-helper', '/usr/sbin/update-rc.d'].includes(file);
    assert.deepEqual(disablingCommands(services, { exists: tools, systemdRuns: false }), [
      ['deb-systemd-helper', ['disable', 'prometheus.service']],
      ['update-rc.d', ['prometheus', 'disable']],
    ]);
    assert.deepEqual(disablingCommands(services, { exists: tools, systemdRuns: true }).at(-1), [
      'systemctl',
      ['stop', 'prometheus.service'],
    ]);
    assert.deepEqual(disablingCommands(services, { exists: () => false, systemdRuns: false }), []);
  });

  it('forbid every service start while apt runs, with a policy-rc.d removed after, even when apt fails', () => {
    const policyFile = path.join(folder(), 'policy-rc.d');
    const seen = withNoServiceStarting(() => {
      const mode = fs.statSync(policyFile).mode & 0o777;
      return { text: fs.readFileSync(policyFile, 'utf8'), executable: (mode & 0o111) === 0o111 };
    }, policyFile);
    assert.deepEqual(seen, { text: FORBID_EVERY_START, executable: true });
    assert.match(FORBID_EVERY_START, /\nexit 101\n$/, "invoke-rc.d's code for a forbidden action");
    assert.equal(fs.existsSync(policyFile), false, 'removed after');
    assert.throws(() =>
      withNoServiceStarting(() => {
        throw new Error('apt failed');
      }, policyFile),
    );
    assert.equal(fs.existsSync(policyFile), false, 'removed after a failure too');
  });

  it("leave the machine's own policy-rc.d as it is", () => {
    const policyFile = path.join(folder(), 'policy-rc.d');
    fs.writeFileSync(policyFile, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    withNoServiceStarting(() => undefined, policyFile);
    assert.equal(fs.readFileSync(policyFile, 'utf8'), '#!/bin/sh\nexit 101\n');
  });

  it('install without recommends, no start allowed, then disable every service of the packages added', () => {
    for (const systemdRuns of [false, true]) {
      const policyFile = path.join(folder(), 'policy-rc.d');
      const { machine, commands } = fakeMachine({ policyFile, systemdRuns });
      const installed = installQuietly(['prometheus', 'prometheus-pushgateway', 'openssl'], machine, policyFile);
      assert.deepEqual(installed, {
        ok: true,
        added: ['libjs-jquery', 'prometheus', 'prometheus-pushgateway'],
        services: ['prometheus', 'prometheus-pushgateway'],
        unsettled: [],
      });
      assert.deepEqual(
        commands.map((command) => `${command.startsForbidden ? 'held' : 'free'}: ${command.line}`),
        [
          'held: apt-get update -q',
          'held: apt-get install -y -q --no-install-recommends prometheus prometheus-pushgateway openssl',
          'free: deb-systemd-helper disable prometheus.service',
          'free: deb-systemd-helper disable prometheus-pushgateway.service',
          'free: update-rc.d prometheus disable',
          'free: update-rc.d prometheus-pushgateway disable',
          ...(systemdRuns ? ['free: systemctl stop prometheus.service prometheus-pushgateway.service'] : []),
        ],
        `systemd ${systemdRuns ? 'running' : 'absent'}`,
      );
      assert.equal(fs.existsSync(policyFile), false);
    }
  });

  it('disable what a failed install added, and name a service that could not be disabled', () => {
    const policyFile = path.join(folder(), 'policy-rc.d');
    const failed = fakeMachine({ policyFile, systemdRuns: false, installFails: true });
    const installed = installQuietly(['prometheus', 'prometheus-pushgateway'], failed.machine, policyFile);
    assert.equal(installed.ok, false);
    assert.deepEqual(installed.added, ['prometheus']);
    assert.ok(failed.commands.some((command) => command.line === 'update-rc.d prometheus disable'));

    const stubborn = fakeMachine({ policyFile, systemdRuns: false, failing: 'update-rc.d prometheus disable' });
    const settled = installQuietly(['prometheus'], stubborn.machine, policyFile);
    assert.deepEqual(settled.unsettled, ['prometheus']);
    assert.equal(
      installLine(['prometheus'], settled, '/tmp/x/apt.log'),
      "installed Debian's prometheus and 1 package they need, their services (prometheus) not started, but disabling or stopping prometheus failed; apt's output is in /tmp/x/apt.log",
    );
  });

  it('say in one line what was installed and where the log is', () => {
    const line = installLine(
      ['prometheus', 'prometheus-pushgateway'],
      {
        ok: true,
        added: ['libjs-jquery', 'libjs-moment', 'prometheus', 'prometheus-pushgateway'],
        services: ['prometheus', 'prometheus-pushgateway'],
        unsettled: [],
      },
      '/tmp/wink-smoke-setup-a1/apt.log',
    );
    assert.equal(
      line,
      "installed Debian's prometheus, prometheus-pushgateway and 2 packages they need, their services (prometheus, prometheus-pushgateway) left neither enabled nor started; apt's output is in /tmp/wink-smoke-setup-a1/apt.log",
    );
    assert.ok(!line.includes('\n'));
  });

  it("send a command's output, and the command, to the log and not the terminal", () => {
    const log = path.join(folder(), 'apt.log');
    const machine = thisMachine(log);
    assert.equal(machine.run('sh', ['-c', 'echo out; echo err >&2'], 5_000), true);
    assert.equal(machine.run('sh', ['-c', 'exit 3'], 5_000), false);
    assert.equal(fs.readFileSync(log, 'utf8'), '$ sh -c echo out; echo err >&2\nout\nerr\n$ sh -c exit 3\n');
  });
});
