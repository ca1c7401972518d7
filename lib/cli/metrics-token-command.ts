import 'server-only';
import { parseArgs } from 'node:util';
import { readConsoleEnv } from '@/lib/env';
import { issueMetricsToken, metricsTokenStatus, revokeMetricsToken, type MetricsTokenStatus } from '@/lib/metrics/metrics-token';
import { metricsTokenProblem } from '@/lib/metrics/metrics-token-problem';
import { EXIT_UNKNOWN } from './exit-codes';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';
import { runText } from './run-messages';

export const METRICS_TOKEN_HELP = `Usage: cli metrics token <create|rotate|revoke|status> [--json]

The bearer token Prometheus scrapes /metrics with (Authorization: Bearer ...). It opens /metrics
only, never the Manage API or the console. Only its SHA-256 is stored ($CONSOLE_DATA_DIR/metrics-token.json);
the token is printed once, by create and rotate, on stdout alone. Every change goes to the audit log.

Commands:
  create    make a token (refused when one exists: rotate or revoke it)
  rotate    replace the token; the old one is refused at once
  revoke    delete the token; /metrics refuses it at once
  status    the id and creation time of the token in force

Options:
  --json        print one JSON object: {token, id, created_at} (create, rotate), {id, created_at} (revoke, status)
  -h, --help    show this help

Exit status: 0 done, 1 failure (create: a token exists; an unusable token file or data directory),
2 usage error, 4 no token (rotate, revoke, status).`;

const ACTIONS = new Set(['create', 'rotate', 'revoke', 'status']);
const t = runText;

function print(json: boolean, body: Record<string, string | null>, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : `${text}\n`);
}

const statusJson = (status: MetricsTokenStatus | null) => ({ id: status?.id ?? null, created_at: status?.createdAt ?? null });

async function run(action: string, json: boolean): Promise<number> {
  const env = readConsoleEnv();
  if (action === 'status') {
    const status = await metricsTokenStatus(env);
    print(json, statusJson(status), status ? `Metrics token ${status.id}, created ${status.createdAt}` : t('MetricsToken.none'));
    return status ? EXIT_OK : EXIT_UNKNOWN;
  }
  if (action === 'revoke') {
    const revoked = await revokeMetricsToken('cli', env);
    print(json, statusJson(revoked), `Metrics token ${revoked.id} revoked: /metrics refuses it from now on.`);
    return EXIT_OK;
  }
  const issued = await issueMetricsToken(action === 'create' ? 'create' : 'rotate', 'cli', env);
  print(json, { token: issued.token, id: issued.id, created_at: issued.createdAt }, issued.token);
  if (!json) process.stderr.write(`Metrics token ${issued.id} ${action === 'create' ? 'created' : 'rotated'}. ${t('MetricsToken.shownOnce')}\n`);
  return EXIT_OK;
}

export async function metricsCommand(argv: string[]): Promise<number> {
  let parsed: { values: { json?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${METRICS_TOKEN_HELP}\n`);
    return EXIT_USAGE;
  }
  const [group, action, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(`${METRICS_TOKEN_HELP}\n`);
    return EXIT_OK;
  }
  if (group !== 'token' || action === undefined || !ACTIONS.has(action) || extra.length > 0) {
    process.stderr.write(`${group === undefined ? '' : `Unknown command "metrics ${parsed.positionals.join(' ')}".\n\n`}${METRICS_TOKEN_HELP}\n`);
    return EXIT_USAGE;
  }
  try {
    return await run(action, parsed.values.json ?? false);
  } catch (error) {
    const problem = metricsTokenProblem(error, t, readConsoleEnv().dataDir);
    if (!problem) throw error;
    process.stderr.write(`${problem.message}\n`);
    return problem.code === 'metricsTokenMissing' ? EXIT_UNKNOWN : EXIT_FAILED;
  }
}
