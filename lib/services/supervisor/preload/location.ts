// Where scripts/services.sh install builds the preload, under the services' modules directory. No
// server-only: the build runs this under tsx, outside Next.js.

export const PRELOAD_PACKAGE = 'packages-console-preload';
/** The file a service child loads with `node --require`. */
export const PRELOAD_MAIN = `${PRELOAD_PACKAGE}/index.js`;
/** The egress proxy a service that is a binary of its own connects through (run with PRELOAD_MAIN loaded first). */
export const EGRESS_MAIN = `${PRELOAD_PACKAGE}/egress-proxy.js`;
