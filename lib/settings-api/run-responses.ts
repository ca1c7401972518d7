import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import { errorResponse, jsonResponse } from '@/lib/settings-api/api-responses';
import type { SaveStartedBody } from '@/lib/settings-api/api-types';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { localizeRun } from '@/lib/config-run/localize-run';
import { getRun } from '@/lib/config-run/reconcile';
import type { StartRunResult } from '@/lib/config-run/run-engine';

// Responses of the console's run endpoints (session-authenticated, under /api/).

const VALIDATE_STATUS: Record<string, number> = { invalid: 422, confirmStorageChange: 422, versionConflict: 409, versionNotKept: 404, settingsUnreadable: 503, settingsUndecryptable: 503, fileError: 503 };

/** Save settings: 202 with the run, 409 while another run is in progress, or why validation refused it. */
export function consoleRunResponse(result: StartRunResult, t: MessageLookup) {
  if (result.kind === 'busy') {
    const message = t('ConfigRun.runInProgress');
    return errorResponse(409, { message, errors: [{ field: null, code: 'runInProgress', message }], runId: result.runId });
  }
  const run = localizeRun(result.run, t);
  const failure = result.run.phases[0]?.failure;
  if (!failure) return jsonResponse({ run } satisfies SaveStartedBody, 202);
  const status = VALIDATE_STATUS[failure.code] ?? 500;
  const message = failure.code === 'invalid' ? t('Validation.fixErrors') : run.errors[0]?.message ?? run.summary;
  return errorResponse(status, {
    message,
    errors: run.errors,
    run,
    ...(failure.code === 'confirmStorageChange' ? { confirmRequired: true } : {}),
    ...(failure.code === 'versionConflict' ? { currentVersion: Number(failure.params?.version) } : {}),
  });
}

const POLL_MS = 250;
const KEEP_ALIVE_MS = 15_000;
// A stream is closed after this long; EventSource reconnects by itself, so nothing is lost.
const MAX_STREAM_MS = 5 * 60_000;

/** Server-sent events: the localized run each time it changes, until it has finished. */
export function runEventStream(env: ConsoleEnv, id: string, t: MessageLookup, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        controller.close();
      };
      signal.addEventListener('abort', close, { once: true });
      const startedAt = Date.now();
      let last = '';
      let lastSentAt = startedAt;
      const send = (text: string) => {
        lastSentAt = Date.now();
        controller.enqueue(encoder.encode(text));
      };
      const tick = async () => {
        if (closed) return;
        try {
          const run = await getRun(env, id);
          if (closed) return;
          if (!run) return send('event: gone\ndata: {}\n\n'), close();
          const json = JSON.stringify(localizeRun(run, t));
          if (json !== last) send(`event: run\ndata: ${json}\n\n`);
          else if (Date.now() - lastSentAt > KEEP_ALIVE_MS) send(': keep-alive\n\n');
          last = json;
          if (run.state !== 'running' || Date.now() - startedAt > MAX_STREAM_MS) return close();
          timer = setTimeout(tick, POLL_MS);
        } catch {
          close();
        }
      };
      send('retry: 1000\n\n');
      void tick();
    },
    cancel() {
      closed = true;
      clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform keeps Next.js's compression (and any proxy) from buffering the stream.
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
