/**
 * The world a replayed run lives in, all on loopback and in one folder that outlasts the run, so a
 * sequence of replays builds one history as scheduled runs do: the repository (a bare repository
 * with the `history` branch), the issues (`issues.json`), the messages the webhooks received
 * (`messages.jsonl`), the published page (`pages/`), and each run's jobs (`runs/<id>/`). Each replay
 * starts the emulator playing each environment, with the replay's scenario.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HOSTS, urlOverrideVariable, type RealEnvironmentName } from '../../src/catalog/catalog.ts';
import type { Scenario } from '../../src/config/scenario.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator.ts';

export const REPOSITORY = 'wink/wink-smoke';

/** An issue as the stand-in keeps it. */
export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
}

/** A message a webhook stand-in received: its channel (`slack`, `teams`, `webhook`) and what was posted. */
export interface ReceivedMessage {
  readonly channel: string;
  readonly body: unknown;
}

export interface WorldFiles {
  readonly dir: string;
  readonly repositoryRoot: string;
  readonly remote: string;
  readonly issuesFile: string;
  readonly messagesFile: string;
  readonly pagesDir: string;
  readonly runsDir: string;
}

export function worldFiles(dir: string): WorldFiles {
  const repositoryRoot = path.join(dir, 'repository');
  return {
    dir,
    repositoryRoot,
    remote: path.join(repositoryRoot, `${REPOSITORY}.git`),
    issuesFile: path.join(dir, 'issues.json'),
    messagesFile: path.join(dir, 'messages.jsonl'),
    pagesDir: path.join(dir, 'pages'),
    runsDir: path.join(dir, 'runs'),
  };
}

export const readIssues = (files: WorldFiles): StoredIssue[] =>
  fs.existsSync(files.issuesFile) ? (JSON.parse(fs.readFileSync(files.issuesFile, 'utf8')) as StoredIssue[]) : [];

export const readMessages = (files: WorldFiles): ReceivedMessage[] =>
  fs.existsSync(files.messagesFile)
    ? fs
        .readFileSync(files.messagesFile, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as ReceivedMessage)
    : [];

const bodyOf = (request: http.IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
  });

/** The part of GitHub's issues API that `npm run outage` uses, keeping its issues in `issues.json`. */
async function issuesApi(files: WorldFiles, request: http.IncomingMessage, response: http.ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const text = await bodyOf(request);
  const body = (text ? JSON.parse(text) : {}) as Partial<StoredIssue> & { state?: 'open' | 'closed' };
  const issues = readIssues(files);
  const answer = (status: number, value: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (!url.pathname.startsWith(`/repos/${REPOSITORY}/issues`)) return answer(404, { message: 'Not Found' });
  if (request.method === 'GET') {
    const labels = (url.searchParams.get('labels') ?? '').split(',').filter((label) => label !== '');
    const open = issues.filter(
      (issue) => issue.state === 'open' && labels.every((label) => issue.labels.includes(label)),
    );
    return answer(200, open);
  }
  const number = Number(/\/issues\/(\d+)/.exec(url.pathname)?.[1]);
  let issue = issues.find((candidate) => candidate.number === number);
  if (request.method === 'POST' && url.pathname.endsWith('/issues')) {
    issue = {
      number: issues.length + 1,
      title: body.title ?? '',
      body: body.body ?? '',
      labels: body.labels ?? [],
      state: 'open',
      comments: [],
    };
    issues.push(issue);
  } else if (!issue) {
    return answer(404, { message: 'Not Found' });
  } else if (request.method === 'POST') {
    issue.comments.push(body.body ?? '');
  } else if (request.method === 'PATCH') {
    Object.assign(issue, body.body === undefined ? {} : { body: body.body }, body.state ? { state: body.state } : {});
  }
  fs.writeFileSync(files.issuesFile, `${JSON.stringify(issues, null, 2)}\n`);
  return answer(200, issue);
}

/** One loopback server: the issues API under /repos, webhooks under /hooks/<channel>, and the control probe anywhere else. */
function services(files: WorldFiles): http.Server {
  return http.createServer((request, response) => {
    const url = request.url ?? '/';
    if (url.startsWith('/repos/')) return void issuesApi(files, request, response);
    if (url.startsWith('/hooks/')) {
      void bodyOf(request).then((text) => {
        const channel = url.split('/')[2] ?? '';
        fs.appendFileSync(files.messagesFile, `${JSON.stringify({ channel, body: JSON.parse(text) as unknown })}\n`);
        // As the services answer: Slack 200 "ok", a Teams workflow 202, a plain webhook 200.
        response.writeHead(channel === 'teams' ? 202 : 200).end(channel === 'slack' ? 'ok' : '');
      });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end('control\n');
  });
}

export interface World {
  readonly files: WorldFiles;
  /** The services' base URL: the issues API, the webhooks and the control probe. */
  readonly servicesUrl: string;
  /**
   * `<ENV>_<ID>_URL` for every host of both environments: the emulators; and SMOKE_RDAP_URL, the
   * production emulator's registry, so that no replay asks IANA or a registry beyond this machine.
   */
  readonly hostOverrides: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Starts the world's servers; the folder keeps what earlier replays left. */
export async function openWorld(
  dir: string,
  scenarios: Readonly<Record<RealEnvironmentName, Scenario>>,
): Promise<World> {
  const files = worldFiles(dir);
  for (const folder of [files.repositoryRoot, files.runsDir]) fs.mkdirSync(folder, { recursive: true });
  if (!fs.existsSync(files.remote)) execFileSync('git', ['init', '-q', '--bare', files.remote]);
  const server = services(files);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const servicesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const emulators: RunningEmulator[] = [];
  const hostOverrides: Record<string, string> = {};
  for (const environment of ['production', 'staging'] as const) {
    // Staging sleeps, as the real one does, for a second: the warm-up's wait is replayed, not its minute.
    const emulator = await startEmulator({
      hosts: HOSTS,
      environment,
      basePort: 0,
      wakeAfterMs: environment === 'staging' ? 1000 : 0,
      scenario: scenarios[environment],
    });
    emulators.push(emulator);
    for (const host of HOSTS) hostOverrides[urlOverrideVariable(environment, host.id)] = emulator.urls[host.id]!;
    // One variable for both environments' jobs: production's registry (a replay's domain faults are its).
    hostOverrides.SMOKE_RDAP_URL ??= emulator.rdapUrl;
  }
  return {
    files,
    servicesUrl,
    hostOverrides,
    async close() {
      await Promise.all(emulators.map((emulator) => emulator.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
