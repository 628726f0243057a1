/**
 * An Atom feed per environment, beside the page: one entry each time a host (or the environment as
 * a whole) changed state, newest first, so that integrators follow staging in a feed reader or a
 * Slack RSS app instead of opening the page. Built with `feed`, a well-kept generator of Atom and
 * RSS: the XML's escaping and the format's required elements are its job, not hand-written here.
 * Entries say what the history says (hosts, faults, causes, run links): never a secret.
 */
import { Feed } from 'feed';
import { formatTime } from '../../shared/format.ts';
import type { Incident } from '../incidents.ts';
import type { EnvironmentStatus } from '../status.ts';

/** The feed of an environment, beside the page. */
export const feedFile = (environment: string): string => `${environment}.atom`;

/** One state change, as the feed says it. */
interface Change {
  readonly id: string;
  readonly title: string;
  readonly time: number;
  readonly link: string | undefined;
  readonly description: string;
}

const subject = (incident: Incident, environment: string): string => incident.host ?? environment;

/** An incident's start (the host went down, or degraded) and, when it ended, its end. */
function changesOf(incident: Incident, environment: string): Change[] {
  const name = subject(incident, environment);
  const key = `${environment}/${incident.host ?? '*'}/${incident.from.at}`;
  const causes = incident.findings.map((finding) => `${finding.check}: ${finding.fault}: ${finding.cause}`).join('; ');
  const went = incident.severity === 'unchecked' ? `${name}: no host checked` : `${name} ${incident.severity}`;
  const changes: Change[] = [
    {
      id: `${key}/start`,
      title: went,
      time: incident.from.time,
      link: incident.from.link,
      description: `${went} since ${formatTime(incident.from.time)}${causes ? `: ${causes}` : ''}.`,
    },
  ];
  if (incident.to) {
    const back = incident.severity === 'unchecked' ? `${name}: hosts checked again` : `${name} up again`;
    changes.push({
      id: `${key}/end`,
      title: back,
      time: incident.to.time,
      link: incident.to.link,
      description: `${back} at ${formatTime(incident.to.time)}, after ${incident.runs} run${incident.runs === 1 ? '' : 's'} ${incident.severity === 'unchecked' ? 'that checked nothing' : incident.severity}.`,
    });
  }
  return changes;
}

/**
 * The Atom document of one environment's state changes, newest first. `pageUrl` is where the page
 * and its feeds are published (absolute, ending in `/`): entries without a run link point at the page.
 */
export function environmentFeed(status: EnvironmentStatus, now: number, pageUrl: string): string {
  const pageLink = new URL('index.html', pageUrl).href;
  const changes = status.incidents
    .flatMap((incident) => changesOf(incident, status.environment))
    .sort((a, b) => b.time - a.time);
  const feed = new Feed({
    id: `urn:wink-smoke:${status.environment}`,
    title: `Wink ${status.environment}: state changes`,
    description: `Each time a host of Wink's ${status.environment} went down or degraded, and came back, as the smoke runs found it.`,
    link: pageLink,
    feedLinks: { atom: new URL(feedFile(status.environment), pageUrl).href },
    updated: new Date(changes[0]?.time ?? now),
    generator: 'wink-smoke',
    copyright: '',
  });
  for (const change of changes)
    feed.addItem({
      id: `urn:wink-smoke:${change.id}`,
      title: change.title,
      link: change.link ?? `${pageLink}#${status.environment}`,
      date: new Date(change.time),
      description: change.description,
    });
  return feed.atom1();
}
