/**
 * `<id> health is UP`: Spring Boot Actuator's health document, as Wink's own status page reads it:
 * `{"status":"UP"}`, with `components` (each with a status, and components of its own) when the
 * endpoint shows details. DOWN, OUT_OF_SERVICE, another status or a 5xx fails as `health`, naming
 * the components that are not UP; a body that is not a health document fails as `content`. This
 * catches a service whose database is down while `/` still answers 401.
 */
import { z } from 'zod';
import type { ApiHost } from '../catalog/hosts.ts';
import { NO_CONTRACT, REQUEST_BOUNDS, planned, type CallKind, type PlannedBase } from '../checks/kind.ts';
import { getStep } from '../checks/requests.ts';
import { jsonOf, textOf } from '../net/http.ts';

type Planned = PlannedBase<'health', ApiHost> & { readonly path: string };

interface HealthNode {
  readonly status: string;
  readonly components?: Readonly<Record<string, HealthNode>> | undefined;
}

const HEALTH_NODE: z.ZodType<HealthNode> = z.lazy(() =>
  z.looseObject({ status: z.string(), components: z.record(z.string(), HEALTH_NODE).optional() }),
);

export interface HealthReading {
  /** The overall status: UP, DOWN, OUT_OF_SERVICE, UNKNOWN, or a custom one. */
  readonly status: string;
  /** Each component that is not UP, by path (`db`, `redis`, `diskSpace`), with its status. */
  readonly notUp: readonly { readonly component: string; readonly status: string }[];
}

/** The reading of a health document, or undefined when the body is not one. */
export function readHealth(body: unknown): HealthReading | undefined {
  const parsed = HEALTH_NODE.safeParse(body);
  if (!parsed.success) return undefined;
  const notUp: { component: string; status: string }[] = [];
  const walk = (node: HealthNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.components ?? {})) {
      const component = prefix ? `${prefix}.${name}` : name;
      const before = notUp.length;
      walk(child, component);
      // Name the deepest components that are down; a parent down only because of them adds nothing.
      if (child.status !== 'UP' && notUp.length === before) notUp.push({ component, status: child.status });
    }
  };
  walk(parsed.data, '');
  return { status: parsed.data.status, notUp };
}

/** `status DOWN; not UP: db (DOWN), mail (OUT_OF_SERVICE)`. */
export function describeHealth(reading: HealthReading): string {
  const parts = reading.notUp.map(({ component, status }) => `${component} (${status})`);
  return `status ${reading.status}${parts.length > 0 ? `; not UP: ${parts.join(', ')}` : ''}`;
}

export const health: CallKind<'health', Planned> = {
  name: 'health',
  passes: 'the Actuator health endpoint answers 200 with `"status":"UP"`; else `health`, naming what is not UP',
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.health ? [{ ...planned(host, 'health', 'health is UP'), path: host.health }] : [],
  bounds: REQUEST_BOUNDS,
  contract: NO_CONTRACT,
  async run(check) {
    const { path } = check.planned;
    const { answer, latencyMs } = await getStep(check, path, { headers: { accept: 'application/json' } });
    await check.step('health status', () => {
      const reading = readHealth(jsonOf(answer));
      const answered = `GET ${path} answered HTTP ${answer.status}`;
      if (reading && reading.status !== 'UP') throw check.fail('health', `${answered} with ${describeHealth(reading)}`);
      if (answer.status >= 500) throw check.fail('health', `${answered} ${answer.statusText}, not a health document`);
      if (answer.status !== 200) throw check.fail('status', `${answered}; expected 200 with {"status":"UP"}`);
      if (!reading) {
        const start = textOf(answer).slice(0, 60);
        throw check.fail(
          'content',
          `${answered} but not an Actuator health document (starts ${JSON.stringify(start)})`,
        );
      }
      check.detail(describeHealth(reading));
    });
    check.judgeLatency(`GET ${path}`, latencyMs);
  },
};
