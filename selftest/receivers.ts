/**
 * Loopback stand-ins for the services the alert scripts talk to: webhook receivers that take or
 * refuse what is posted, and the part of GitHub's issues API that `outage` and `heartbeat` use.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredIssue } from '../scripts/replay/world.ts';

/** An issue as GitHub's API answers it: the replay's stand-in keeps the same. */
export type Issue = StoredIssue;

/** A fake of the part of GitHub's issues API the scripts use, keeping its issues in memory. */
export function fakeGitHub() {
  const issues: Issue[] = [];
  const writes: string[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = (text ? JSON.parse(text) : {}) as Partial<Issue> & { state_reason?: string };
      const number = Number(/\/issues\/(\d+)/.exec(url.pathname)?.[1]);
      const issue = issues.find((candidate) => candidate.number === number);
      const answer = (value: unknown) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (request.method === 'GET') {
        const labels = (url.searchParams.get('labels') ?? '').split(',');
        return answer(
          issues.filter(
            (candidate) => candidate.state === 'open' && labels.every((label) => candidate.labels.includes(label)),
          ),
        );
      }
      writes.push(`${request.method} ${url.pathname.replace('/repos/wink/wink-smoke', '')}`);
      if (request.method === 'POST' && url.pathname.endsWith('/issues')) {
        const created: Issue = {
          number: issues.length + 1,
          title: body.title!,
          body: body.body!,
          labels: body.labels!,
          state: 'open',
          comments: [],
        };
        issues.push(created);
        return answer(created);
      }
      if (!issue) return void response.writeHead(404).end('{}');
      if (request.method === 'POST') issue.comments.push(body.body as unknown as string);
      if (request.method === 'PATCH')
        Object.assign(
          issue,
          body.body === undefined ? {} : { body: body.body },
          body.state ? { state: body.state } : {},
        );
      return answer(issue);
    });
  });
  return { server, issues, writes };
}

/**
 * A webhook receiver: every POST taken, by the channel its path names, as the services answer (Slack
 * 200 "ok", Teams workflows 202, the JSON webhook 200). While `refusing` is set it answers 500
 * instead, and keeps what it refused apart.
 */
export function receiver() {
  const received: { channel: string; body: unknown }[] = [];
  const refused: { channel: string; body: unknown }[] = [];
  const hooks = { server: http.createServer(), received, refused, refusing: false };
  hooks.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const channel = (request.url ?? '').split('/')[1] ?? '';
      const message = { channel, body: JSON.parse(text) as unknown };
      if (hooks.refusing) {
        refused.push(message);
        return void response.writeHead(500).end();
      }
      received.push(message);
      response.writeHead(channel === 'teams' ? 202 : 200).end(channel === 'slack' ? 'ok' : '');
    });
  });
  return hooks;
}

/** Listens on a free port of 127.0.0.1; resolves to the server's base URL. */
export const listen = async (server: http.Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
