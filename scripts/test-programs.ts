/**
 * The programs the self-tests run besides Node, each with the Debian package that has it. The
 * `test-servers` step of `npm test` (`node scripts/setup.ts test-servers`) installs what is missing;
 * a self-test finds a program through `testProgram`, whose type admits only these, so a self-test
 * cannot come to need a program that step does not provide.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const TEST_PROGRAMS = {
  prometheus: {
    debianPackage: 'prometheus',
    why: 'selftest/suite/prometheus.test.ts scrapes the Pushgateway with it and reads the series back',
  },
  'prometheus-pushgateway': {
    debianPackage: 'prometheus-pushgateway',
    why: 'selftest/suite/prometheus.test.ts lets a run push its metrics to it',
  },
  openssl: {
    debianPackage: 'openssl',
    why: "selftest/certificates.ts makes the TLS self-tests' CA and certificates with it",
  },
} as const satisfies Record<string, { readonly debianPackage: string; readonly why: string }>;
export type TestProgram = keyof typeof TEST_PROGRAMS;

/** A program on the PATH, or in /usr/bin where Debian puts it (a PATH may lack it); undefined if neither. */
export function findProgram(program: string): string | undefined {
  const onPath = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8', timeout: 5_000 }).stdout.trim();
  if (onPath) return onPath;
  return fs.existsSync(`/usr/bin/${program}`) ? `/usr/bin/${program}` : undefined;
}

/** The test programs `find` does not find, in the order of `TEST_PROGRAMS`. */
export function missingTestPrograms(find: (program: string) => string | undefined = findProgram): TestProgram[] {
  return (Object.keys(TEST_PROGRAMS) as TestProgram[]).filter((program) => find(program) === undefined);
}

/** The Debian packages that have `programs`. */
export function debianPackages(programs: readonly TestProgram[]): string[] {
  return [...new Set(programs.map((program) => TEST_PROGRAMS[program].debianPackage))];
}

const aptInstall = (programs: readonly TestProgram[]): string =>
  `sudo apt-get install ${debianPackages(programs).join(' ')}`;

/** The one line that says which programs are missing and how to install them. */
export function installAdvice(missing: readonly TestProgram[]): string {
  return `the self-tests need ${new Intl.ListFormat('en').format(missing)}, and ${missing.length === 1 ? 'it' : 'they'} could not be installed here: install ${missing.length === 1 ? 'it' : 'them'} (Debian: \`${aptInstall(missing)}\`)`;
}

/** Where a program the self-tests need is; a failed assertion saying how to install it if it is not there. */
export function testProgram(program: TestProgram): string {
  const found = findProgram(program);
  assert.ok(
    found,
    `${program} is not installed: ${aptInstall([program])} (npm test does as root, through scripts/setup.ts test-servers)`,
  );
  return found;
}
