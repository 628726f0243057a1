/**
 * The few calls the issue scripts make to GitHub's REST API: find the open issue with some labels,
 * and carry out an `IssueAction`. Reads GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL as
 * GitHub Actions sets them; the token is held as a `Secret`.
 */
import type { IssueAction, OpenIssue } from './outage.ts';
import { Secret } from '../shared/secret.ts';

/** Bound on one call to GitHub's API: it answers in well under a second; 15 s is an outage of its own. */
const REQUEST_TIMEOUT_MS = 15_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: expected the value GitHub Actions provides`);
  return value;
}

export interface GitHub {
  openIssue(labels: readonly string[]): Promise<OpenIssue | undefined>;
  apply(action: IssueAction): Promise<void>;
}

export function gitHubFromEnvironment(): GitHub {
  const repository = required('GITHUB_REPOSITORY');
  const token = new Secret(required('GITHUB_TOKEN'));
  const api = process.env.GITHUB_API_URL ?? 'https://api.github.com';

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${api}/repos/${repository}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token.reveal()}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`GitHub ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };

  return {
    async openIssue(labels) {
      const open = (await call(
        'GET',
        `/issues?state=open&labels=${encodeURIComponent(labels.join(','))}&per_page=1`,
      )) as OpenIssue[];
      return open[0];
    },
    async apply(action) {
      switch (action.kind) {
        case 'open':
          await call('POST', '/issues', { title: action.title, body: action.body, labels: action.labels });
          return;
        case 'comment':
          await call('POST', `/issues/${action.issue}/comments`, { body: action.body });
          return;
        case 'update':
          await call('PATCH', `/issues/${action.issue}`, { body: action.body });
          return;
        case 'close':
          await call('POST', `/issues/${action.issue}/comments`, { body: action.body });
          await call('PATCH', `/issues/${action.issue}`, { state: 'closed', state_reason: 'completed' });
          return;
      }
    },
  };
}

/** `open`, `comment on #12`: an action in a few words, for the log. */
export function describeAction(action: IssueAction): string {
  return action.kind === 'open' ? `open "${action.title}"` : `${action.kind} #${action.issue}`;
}
