// Preloaded into a suite run by the self-tests (NODE_OPTIONS=--import): names under
// `.dns-fault.invalid` fail to resolve at once, as a missing DNS record does, without a query ever
// leaving the machine. Every other name resolves as usual.
import dns from 'node:dns';
import process from 'node:process';

const FAULTY = /\.dns-fault\.invalid$/;
const notFound = (hostname) =>
  Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname,
  });

const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (!FAULTY.test(String(hostname))) return lookup.apply(this, arguments);
  const done = typeof options === 'function' ? options : callback;
  process.nextTick(done, notFound(hostname));
  return undefined;
};

const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function (hostname, options) {
  if (!FAULTY.test(String(hostname))) return lookupPromise.call(this, hostname, options);
  return Promise.reject(notFound(hostname));
};
