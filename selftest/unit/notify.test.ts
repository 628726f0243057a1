/** Alert messages in Slack's, Teams' and the JSON webhook's formats, and sending them to receivers on loopback: retries, bounds, errors that never show a URL. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { alertMessage, heartbeatMessage, type AlertMessage } from '../../src/alerts/message.ts';
import { formatDuration, formatTime } from '../../src/shared/format.ts';
import type { RunLine } from '../../src/history/history.ts';
import { deliver, postJson, toEveryChannel } from '../../src/alerts/notify.ts';
import { slackPayload } from '../../src/alerts/channels/slack.ts';
import { teamsPayload } from '../../src/alerts/channels/teams.ts';
import { webhookPayload } from '../../src/alerts/channels/webhook.ts';
import { Secret } from '../../src/shared/secret.ts';

const run: RunLine = {
  type: 'run',
  run: '2026-03-02T08:30:00.000Z#42.1',
  at: '2026-03-02T08:30:00.000Z',
  environment: 'production',
  status: 'failed',
  checks: 27,
  link: 'https://github.com/wink/wink-smoke/actions/runs/42',
};
const down = alertMessage('production', run, {
  kind: 'down',
  host: 'inventory',
  since: '2026-03-02T08:00:00.000Z',
  failing: [
    { host: 'inventory', check: 'health is UP', fault: 'health', cause: 'status DOWN; not UP: db <primary> & replica' },
  ],
});

describe('alert messages', () => {
  it('name the environment, the host, since when and the cause', () => {
    assert.equal(down.title, 'production: inventory is down');
    assert.deepEqual(down.lines, [
      'Down since 2026-03-02 08:00 UTC.',
      'health is UP (health): status DOWN; not UP: db <primary> & replica',
    ]);
    const recovered = alertMessage('production', run, {
      kind: 'recovered',
      host: 'inventory',
      since: '2026-03-01T19:20:00.000Z',
      recoveredAt: '2026-03-02T08:30:00.000Z',
    });
    assert.equal(recovered.title, 'production: inventory recovered after 13 h 10 min');
    // The words of the alerts, the outage issue and the status page alike: two units at most.
    assert.deepEqual(
      [59_000, 12 * 60_000, 200 * 60_000, 4 * 86_400_000 + 6 * 3_600_000, 2 * 86_400_000].map(formatDuration),
      ['under a minute', '12 min', '3 h 20 min', '4 d 6 h', '2 d'],
    );
    assert.deepEqual(
      [formatTime('2026-11-23T09:34:56Z'), formatTime(Date.parse('2026-11-23T09:34:56Z'))],
      ['2026-11-23 09:34 UTC', '2026-11-23 09:34 UTC'],
    );
    const heartbeat = heartbeatMessage('production', new Date('2026-03-02T11:35:00Z'), 7_200_000, run);
    assert.equal(heartbeat.title, 'production: no run has finished for 3 h 5 min');
  });

  it('tell a new certificate issuer as information: one host named in the title, several counted', () => {
    const one = alertMessage('production', run, {
      kind: 'issuer-changed',
      hosts: [{ host: 'inventory', from: 'Google Trust Services', to: "Let's Encrypt" }],
    });
    assert.equal(one.title, "production: new certificate issuer for inventory: Let's Encrypt");
    assert.equal(one.tone, 'info');
    assert.equal(one.lines[0], "inventory: issued by Let's Encrypt, before by Google Trust Services.");
    const two = alertMessage('production', run, {
      kind: 'issuer-changed',
      hosts: [
        { host: 'inventory', from: 'Google Trust Services', to: "Let's Encrypt" },
        { host: 'iam', from: 'Google Trust Services', to: "Let's Encrypt" },
      ],
    });
    assert.equal(two.title, 'production: new certificate issuers for 2 hosts');
    assert.equal(two.lines.length, 3);
  });

  it('Slack: a fallback text and a mrkdwn section, escaped, with the link to the run', () => {
    assert.deepEqual(slackPayload(down), {
      text: 'production: inventory is down',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*production: inventory is down*\nDown since 2026-03-02 08:00 UTC.\nhealth is UP (health): status DOWN; not UP: db &lt;primary&gt; &amp; replica',
          },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `<${run.link}|Open the run> · started 2026-03-02 08:30 UTC` }],
        },
      ],
    });
  });

  it('Teams: one Adaptive Card in the message envelope, with facts and an action to open the run', () => {
    const payload = teamsPayload(down) as {
      type: string;
      attachments: { contentType: string; contentUrl: null; content: Record<string, unknown> }[];
    };
    assert.equal(payload.type, 'message');
    assert.equal(payload.attachments.length, 1);
    const [attachment] = payload.attachments;
    assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment.contentUrl, null);
    assert.equal(attachment.content.type, 'AdaptiveCard');
    assert.equal(attachment.content.version, '1.4');
    assert.equal(attachment.content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
    assert.deepEqual((attachment.content.body as unknown[])[1], {
      type: 'FactSet',
      facts: [
        { title: 'Environment', value: 'production' },
        { title: 'Host', value: 'inventory' },
        { title: 'Down since', value: '2026-03-02 08:00 UTC' },
      ],
    });
    assert.deepEqual(attachment.content.actions, [{ type: 'Action.OpenUrl', title: 'Open the run', url: run.link }]);
  });

  it('JSON: the change as data, with the same words', () => {
    const body = webhookPayload(down);
    assert.equal(body.event.kind, 'down');
    assert.equal(body.environment, 'production');
    assert.equal(body.run.link, run.link);
    assert.equal(body.text, down.lines.join('\n'));
  });
});

describe('sending', { timeout: 30_000 }, () => {
  const received: { path: string; body: unknown }[] = [];
  /** Answers by path: /ok 200, /teams 202, /flaky 503 then 200, /gone 404 with Slack's code, /hang never. */
  const attempts = new Map<string, number>();
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      attempts.set(path, (attempts.get(path) ?? 0) + 1);
      received.push({ path, body: JSON.parse(text) as unknown });
      if (path.startsWith('/hang')) return;
      if (path.startsWith('/flaky') && attempts.get(path) === 1) return void response.writeHead(503).end();
      if (path.startsWith('/gone')) return void response.writeHead(404).end('no_service');
      response.writeHead(path.startsWith('/teams') ? 202 : 200).end('ok');
    });
  });
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const secretPath = '/T0SECRET/B0SECRET/xoxsecretpart';

  it('sends each message to every channel set, in order', async () => {
    const second: AlertMessage = { ...down, title: 'second' };
    const secrets = {
      SMOKE_SLACK_WEBHOOK_URL: new Secret(`${base}/ok${secretPath}`),
      SMOKE_TEAMS_WEBHOOK_URL: new Secret(`${base}/teams${secretPath}`),
    };
    const deliveries = await deliver(toEveryChannel([{ message: down }, { message: second }], secrets), secrets);
    assert.deepEqual(
      deliveries.map((delivery) => `${delivery.variable} ${delivery.item.message.title} ${delivery.error ?? 'sent'}`),
      [
        'SMOKE_SLACK_WEBHOOK_URL production: inventory is down sent',
        'SMOKE_SLACK_WEBHOOK_URL second sent',
        'SMOKE_TEAMS_WEBHOOK_URL production: inventory is down sent',
        'SMOKE_TEAMS_WEBHOOK_URL second sent',
      ],
    );
  });

  it('tries once more after a 503, and not after a 404; the error names the variable, never the URL', async () => {
    await postJson('SMOKE_WEBHOOK_URL', new Secret(`${base}/flaky${secretPath}`), {});
    assert.equal(attempts.get(`/flaky${secretPath}`), 2);
    await assert.rejects(
      postJson('SMOKE_SLACK_WEBHOOK_URL', new Secret(`${base}/gone${secretPath}`), {}),
      (error: Error) => {
        assert.equal(error.message, 'SMOKE_SLACK_WEBHOOK_URL: answered HTTP 404 (no_service)');
        return true;
      },
    );
    assert.equal(attempts.get(`/gone${secretPath}`), 1);
  });

  it('bounds every attempt, and says so without the address', async () => {
    // The receiver never answers: each attempt ends only by its bound, which the error names. That
    // the call returns at all is the proof; the suite's timeout stops it if it did not.
    await assert.rejects(postJson('SMOKE_TEAMS_WEBHOOK_URL', new Secret(`${base}/hang${secretPath}`), {}, 300), {
      message: 'SMOKE_TEAMS_WEBHOOK_URL: no answer within 0.3 s',
    });
    const tries = attempts.get(`/hang${secretPath}`);
    assert.equal(
      tries,
      2,
      `the receiver saw ${tries} attempts; expected 2: the first ended by its bound, then one more`,
    );
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const secrets = { SMOKE_WEBHOOK_URL: new Secret(`http://127.0.0.1:${port}${secretPath}`) };
    const deliveries = await deliver(toEveryChannel([{ message: down }], secrets), secrets);
    assert.deepEqual(deliveries[0]?.error, 'SMOKE_WEBHOOK_URL: connection refused (ECONNREFUSED)');
    assert.ok(!JSON.stringify(deliveries).includes('SECRET'));
  });

  it('stops a channel at its first message not delivered, holding the rest back; other channels go on', async () => {
    const recovered: AlertMessage = { ...down, title: 'recovered' };
    const gone = `${base}/gone-in-order${secretPath}`;
    const deliveries = await deliver(
      new Map([
        ['SMOKE_SLACK_WEBHOOK_URL', [{ message: down }, { message: recovered }]],
        ['SMOKE_WEBHOOK_URL', [{ message: down }, { message: recovered }]],
      ] as const),
      { SMOKE_SLACK_WEBHOOK_URL: new Secret(gone), SMOKE_WEBHOOK_URL: new Secret(`${base}/ok${secretPath}`) },
    );
    assert.deepEqual(
      deliveries.map((delivery) => `${delivery.variable} ${delivery.item.message.title}: ${delivery.error ?? 'sent'}`),
      [
        'SMOKE_SLACK_WEBHOOK_URL production: inventory is down: SMOKE_SLACK_WEBHOOK_URL: answered HTTP 404 (no_service)',
        'SMOKE_SLACK_WEBHOOK_URL recovered: held back: an earlier message to this channel was not delivered',
        'SMOKE_WEBHOOK_URL production: inventory is down: sent',
        'SMOKE_WEBHOOK_URL recovered: sent',
      ],
    );
    assert.equal(attempts.get(`/gone-in-order${secretPath}`), 1, 'the held-back message was never posted');
  });
});
