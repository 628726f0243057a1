import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeNetworkError, describeUnexpectedError } from '../../src/shared/faults.ts';

// Messages as Playwright reports them: Node's errno codes from `request`, Chromium's net::ERR_* from `page.goto`.
const CASES: [string, string, RegExp][] = [
  [
    'apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:47801',
    'connect',
    /^connection refused \(connect ECONNREFUSED/,
  ],
  ['page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/', 'connect', /^connection refused/],
  ['apiRequestContext.get: read ECONNRESET', 'connect', /^connection reset/],
  ['apiRequestContext.get: socket hang up', 'connect', /^connection reset/],
  ['page.goto: net::ERR_EMPTY_RESPONSE at http://127.0.0.1:1/', 'connect', /^connection reset/],
  ['page.goto: net::ERR_SOCKET_NOT_CONNECTED at http://127.0.0.1:1/', 'connect', /^connection reset/],
  ['apiRequestContext.get: getaddrinfo ENOTFOUND staging-x.wink.travel', 'dns', /^host name does not resolve/],
  ['page.goto: net::ERR_NAME_NOT_RESOLVED at https://x/', 'dns', /^host name does not resolve/],
  ['apiRequestContext.get: certificate has expired', 'tls', /^TLS certificate expired/],
  ['page.goto: net::ERR_CERT_DATE_INVALID at https://x/', 'tls', /^TLS certificate expired/],
  ["apiRequestContext.get: Hostname/IP does not match certificate's altnames", 'tls', /another host name/],
  ['apiRequestContext.get: self-signed certificate in certificate chain', 'tls', /^TLS handshake failed/],
  ['page.goto: net::ERR_TOO_MANY_REDIRECTS at http://x/', 'status', /^redirect loop/],
  ['apiRequestContext.get: Timeout 15000ms exceeded.', 'timeout', /^no answer in time/],
  [
    'page.goto: Timeout 30000ms exceeded.\nCall log:\n  - navigating to "http://x/"',
    'timeout',
    /^no answer in time \(Timeout 30000ms exceeded.\)$/,
  ],
];

describe('network error classification', () => {
  for (const [message, fault, cause] of CASES) {
    it(`${message.split('\n')[0]} -> ${fault}`, () => {
      const described = describeNetworkError(new Error(message));
      assert.equal(described.fault, fault);
      assert.match(described.cause, cause);
    });
  }

  it('keeps the detail of an error it does not know', () => {
    assert.deepEqual(describeNetworkError(new Error('apiRequestContext.get: something odd')), {
      fault: 'connect',
      cause: 'request failed (something odd)',
    });
  });

  it('classes an unexpected failure as content unless it is a network error or a test timeout', () => {
    assert.equal(describeUnexpectedError('expect(received).toBe(expected)'), 'content');
    assert.equal(describeUnexpectedError('Test timeout of 60000ms exceeded.'), 'timeout');
  });
});
