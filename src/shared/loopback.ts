/**
 * Which hosts are this machine: 127.0.0.0/8, localhost and [::1]. Nothing sent to them leaves it:
 * a secret may go there over plain http, a failure there is not a network blip to retry, and an
 * environment made only of them has no business with any other host.
 */

/** Whether a URL's hostname, as `URL.hostname` writes it (an IPv6 address in brackets), is this machine. */
export function isLoopbackHostname(hostname: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostname);
}

/**
 * The same hosts as patterns of Chromium's `--host-resolver-rules`, whose wildcard is `*` and which
 * writes an IPv6 address without brackets.
 */
export const LOOPBACK_HOST_PATTERNS = ['127.*', 'localhost', '::1'] as const;
