// Where scripts/services.sh install builds the preload, under the services' modules directory. No
// server-only: the build runs this under tsx, outside Next.js.

export const PRELOAD_PACKAGE = 'packages-console-preload';
/** The file a service child loads with `node --require`. */
export const PRELOAD_MAIN = `${PRELOAD_PACKAGE}/index.js`;
