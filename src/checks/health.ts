/**
 * Spring Boot Actuator's health document: `{"status":"UP"}`, with `components` (each with a status,
 * and components of its own) when the endpoint shows details. Wink's own status page passes a host
 * whose `/actuator/health` answers 200 with `"status":"UP"`.
 */
import { z } from 'zod';

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
