import net, { type LookupFunction } from 'node:net';

// A stand-in for DNS: every name resolves to `address`, in both of Node's calling forms (one
// address, or all of them for autoSelectFamily). Offline, without /etc/hosts or a public DNS trick.
export function resolvingTo(address: string): LookupFunction {
  return (_hostname, options, callback) => {
    const family = net.isIP(address);
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
