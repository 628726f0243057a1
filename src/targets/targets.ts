/**
 * Where each host of an environment is reached: the catalog's URL, a `<ENV>_<ID>_URL` override, or
 * the emulator's loopback port. The one place that turns hosts into URLs; the emulator binds the
 * ports this module assigns.
 */
import { ENVIRONMENT_TRAITS, type EnvironmentName, type EnvironmentTraits } from '../catalog/catalog.ts';
import { type HostEntry } from '../catalog/hosts.ts';
import { settings, type Settings } from '../config/settings.ts';
import { isLoopbackHostname } from '../shared/loopback.ts';

/** One host in one environment: what a check needs to know about its target. */
export interface Target {
  readonly environment: EnvironmentName;
  readonly host: HostEntry;
  readonly url: string;
  /** `staging iam https://staging-iam.wink.travel`: how every verdict names its target. */
  readonly label: string;
}

export interface ResolvedEnvironment {
  readonly name: EnvironmentName;
  readonly traits: EnvironmentTraits;
  readonly targets: readonly Target[];
}

/** The emulator's port for the host at `index` of the hosts: one port per host above the base. */
export function emulatedPort(basePort: number, index: number): number {
  return basePort + index;
}

/**
 * The emulator's RDAP server's port: the one after its hosts' (`emulatedPort` of the index past the
 * last host), so one range, from SMOKE_EMULATOR_PORT, holds every port the emulator binds.
 */
export function emulatedRdapPort(basePort: number, hostCount: number): number {
  return emulatedPort(basePort, hostCount);
}

/**
 * The one RDAP base every domain of the environment is asked at: in `local`, always the emulator's
 * (its registry, like its hosts, is on this machine); elsewhere SMOKE_RDAP_URL, or undefined for the
 * server IANA's bootstrap file names per TLD.
 */
export function rdapBaseOf(name: EnvironmentName, current: Settings): string | undefined {
  return name === 'local'
    ? `http://127.0.0.1:${emulatedRdapPort(current.emulatorPort, current.hosts.length)}`
    : current.rdapUrl;
}

/** Every host of an environment with its URL: the catalog's, an override, or the emulator's. */
export function resolveEnvironment(name: EnvironmentName, current: Settings = settings()): ResolvedEnvironment {
  const targets = current.hosts.map((host, index): Target => {
    const url =
      name === 'local'
        ? `http://127.0.0.1:${emulatedPort(current.emulatorPort, index)}`
        : (current.urlOverrides[name][host.id] ?? host.urls[name]);
    return { environment: name, host, url, label: `${name} ${host.id} ${url}` };
  });
  return { name, traits: ENVIRONMENT_TRAITS[name], targets };
}

/** Every host of the environment is on this machine (the emulator): no real network in between. */
export function isLoopbackOnly(environment: ResolvedEnvironment): boolean {
  return environment.targets.every((target) => isLoopbackHostname(new URL(target.url).hostname));
}

export function findTarget(environment: ResolvedEnvironment, id: string): Target {
  const target = environment.targets.find((candidate) => candidate.host.id === id);
  if (!target) throw new Error(`no host '${id}' in the ${environment.name} environment`);
  return target;
}
