/**
 * Opens, comments on or closes the outage issue of one environment after a scheduled run:
 * `node --import tsx scripts/outage.ts --environment staging --summary test-results/summary.json`.
 * Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SERVER_URL and GITHUB_API_URL, as
 * GitHub Actions sets them. The decision is `decideOutageAction`; this file only talks to GitHub.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decideOutageAction, outageLabels, type OpenIssue } from '../src/outage.ts';
import type { RunSummary } from '../src/summary.ts';

/** Bound on one call to GitHub's API. */
const REQUEST_TIMEOUT_MS = 15_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: expected the value GitHub Actions provides`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { environment: { type: 'string' }, summary: { type: 'string' } } });
  const environment = values.environment;
  if (!environment || !values.summary)
    throw new Error('usage: outage.ts --environment <name> --summary <summary.json>');
  const repository = required('GITHUB_REPOSITORY');
  const token = required('GITHUB_TOKEN');
  const api = process.env.GITHUB_API_URL ?? 'https://api.github.com';
  const runUrl = `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${process.env.GITHUB_RUN_ID ?? ''}`;

  const github = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${api}/repos/${repository}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`GitHub ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };

  const summary = fs.existsSync(values.summary)
    ? (JSON.parse(fs.readFileSync(values.summary, 'utf8')) as RunSummary)
    : undefined;
  const labels = outageLabels(environment).join(',');
  const open = (await github(
    'GET',
    `/issues?state=open&labels=${encodeURIComponent(labels)}&per_page=1`,
  )) as OpenIssue[];
  const action = decideOutageAction({ environment, summary, openIssue: open[0], runUrl });

  switch (action.kind) {
    case 'open':
      await github('POST', '/issues', { title: action.title, body: action.body, labels: action.labels });
      break;
    case 'comment':
      await github('POST', `/issues/${action.issue}/comments`, { body: action.body });
      break;
    case 'close':
      await github('POST', `/issues/${action.issue}/comments`, { body: action.body });
      await github('PATCH', `/issues/${action.issue}`, { state: 'closed', state_reason: 'completed' });
      break;
    case 'none':
      break;
  }
  console.log(`outage ${environment}: ${action.kind}${action.kind === 'none' ? ` (${action.reason})` : ''}`);
}

main().catch((error: unknown) => {
  console.error(`outage: ${(error as Error).message}`);
  process.exit(1);
});
