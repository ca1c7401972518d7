import dns from 'node:dns';
import fs from 'node:fs';
import net, { type LookupFunction } from 'node:net';
import { refusingReservedLookup, reservedLiteral, ReservedAddressError } from '@/lib/network/reserved-lookup';

// Loaded first (`node --require`) into every packages service whose executable is the console's own
// node, built by scripts/services.sh install with the console's rule compiled beside it (build.ts). The
// console's storage agents refuse a link-local or metadata address after DNS; a service connects to the
// storage from its own process, so here the same rule guards every connection it makes: dns.lookup and
// dns.promises.lookup (what net, tls, http and fetch resolve names with) refuse a reserved answer, and a
// socket asked to connect to a reserved IP literal, or through a lookup of its own, is refused too.
// Loopback stays allowed, as in the console. Each refusal is one line in the service's log (stderr) and
// one JSON line on the supervisor's report descriptor, which says why a new instance failed.

type LookupCallback = Parameters<LookupFunction>[2];

/** Only the test suite sets this (`name=address,…`): DNS answers the machine cannot be made to give. */
const TEST_TABLE_ENV = 'PACKAGES_CONSOLE_TEST_LOOKUP';
/** The descriptor the supervisor reads refusals from (child.ts); unset outside the supervisor. */
const REPORT_FD_ENV = 'PACKAGES_CONSOLE_REPORT_FD';

const systemLookup = dns.lookup;

function testTable(): Map<string, string> {
  const entries = (process.env[TEST_TABLE_ENV] ?? '').split(',').map((entry) => entry.trim().split('='));
  return new Map(entries.flatMap(([name, address]) => (name && address ? [[name.toLowerCase(), address]] : [])));
}

const table = testTable();

const resolve: LookupFunction = (hostname, options, callback) => {
  const address = table.get(hostname.toLowerCase());
  if (address === undefined) return systemLookup(hostname, options, callback);
  const family = net.isIP(address);
  if (options.all) process.nextTick(() => callback(null, [{ address, family }]));
  else process.nextTick(() => callback(null, address, family));
};

function report(refusal: ReservedAddressError): void {
  process.stderr.write(`[packages-console] ${refusal.code}: refused a connection to ${refusal.host} (${refusal.address}, a link-local or cloud metadata address)\n`);
  const fd = Number(process.env[REPORT_FD_ENV]);
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    fs.writeSync(fd, `${JSON.stringify({ code: refusal.code, host: refusal.host, address: refusal.address })}\n`);
  } catch {
    // The supervisor stopped reading (it is stopping this instance): the log line above stays.
  }
}

/** `lookup` with every reserved answer refused and reported. */
function guard(lookup: LookupFunction): LookupFunction {
  const refusing = refusingReservedLookup(lookup);
  return (hostname, options, callback) =>
    refusing(hostname, options, (error, address, family) => {
      if (error instanceof ReservedAddressError) report(error);
      callback(error, address, family);
    });
}

const guardedSystem = guard(resolve);

/** dns.lookup's public shapes: (host, cb), (host, family, cb), (host, options, cb). */
function lookup(hostname: string, options: unknown, callback?: LookupCallback): void {
  const done = typeof options === 'function' ? (options as LookupCallback) : callback;
  const settings = typeof options === 'number' ? { family: options } : typeof options === 'object' && options !== null ? options : {};
  if (done) guardedSystem(hostname, settings, done);
}

function promisesLookup(hostname: string, options?: unknown): Promise<unknown> {
  const settings: dns.LookupOptions = typeof options === 'number' ? { family: options } : typeof options === 'object' && options !== null ? options : {};
  return new Promise((done, fail) =>
    guardedSystem(hostname, settings, (error, address, family) => (error ? fail(error) : done(settings.all ? address : { address, family }))),
  );
}

Object.defineProperty(dns, 'lookup', { value: lookup, writable: true, configurable: true, enumerable: true });
Object.defineProperty(dns.promises, 'lookup', { value: promisesLookup, writable: true, configurable: true, enumerable: true });

// Socket#connect(options | [options, cb] as net.connect passes it | port, host | path).
const connect = net.Socket.prototype.connect;
function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const holder: unknown[] = Array.isArray(args[0]) ? args[0] : args;
  const first = holder[0];
  const options = typeof first === 'object' && first !== null ? (first as net.TcpNetConnectOpts) : null;
  const host = options ? options.host : typeof holder[0] === 'number' || /^\d+$/.test(String(holder[0])) ? holder[1] : undefined;
  const refusal = typeof host === 'string' ? reservedLiteral(host) : null;
  if (refusal) {
    report(refusal);
    process.nextTick(() => this.destroy(refusal));
    return this;
  }
  // A lookup of the caller's own (a DNS cache, another resolver) is guarded as well.
  if (options?.lookup && options.lookup !== lookup) holder[0] = { ...options, lookup: guard(options.lookup) };
  return Reflect.apply(connect, this, args);
}
net.Socket.prototype.connect = guardedConnect as typeof connect;
