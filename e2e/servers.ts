// The three consoles the e2e run starts (playwright.config.ts) and what the specs need to know about them.
// Ports derive from E2E_PORT so parallel checkouts on one machine stay apart.

const base = Number(process.env.E2E_PORT ?? 3217);
const dataDir = process.env.E2E_DATA_DIR ?? '.tmp/e2e-data';

export const E2E_DIR = '.tmp/e2e';

/** Seeded with CONSOLE_ROOT_PASSWORD; reached through a recording proxy so every response can be checked for secrets. */
export const MAIN = {
  url: `http://127.0.0.1:${base}`,
  port: base,
  serverPort: base + 1,
  dataDir,
  log: `${E2E_DIR}/main-server.log`,
  responses: `${E2E_DIR}/main-responses.jsonl`,
  password: 'e2e root password: correct horse battery staple',
};

/**
 * A second console like the main one, for specs that need a signed-in console but no state of the main
 * one's (the accessibility specs): they run on it beside the main console's specs, on the other core.
 */
export const SECOND = {
  url: `http://127.0.0.1:${base + 3}`,
  port: base + 3,
  serverPort: base + 4,
  dataDir: `${dataDir}-second`,
  log: `${E2E_DIR}/second-server.log`,
  responses: `${E2E_DIR}/second-responses.jsonl`,
  password: MAIN.password,
};

/** Started with no password (first-start setup URL) and very short sessions. */
export const FIRST_START = {
  url: `http://127.0.0.1:${base + 2}`,
  port: base + 2,
  dataDir: `${dataDir}-first-start`,
  log: `${E2E_DIR}/first-start-server.log`,
  password: 'first start password 根密码 mot de passe',
  idleSeconds: 4,
  absoluteSeconds: 10,
};

export const STORAGE_STATE = `${E2E_DIR}/root-session.json`;
export const SECOND_STORAGE_STATE = `${E2E_DIR}/second-root-session.json`;
export const MARKER_FILE = `${E2E_DIR}/secret-marker.txt`;
