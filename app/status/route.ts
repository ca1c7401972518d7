// A load balancer's health check, like GitHub Enterprise Server's /status: the console is up and
// serving. Prerendered at build time, it is also the bare reference page `npm run bench:load` compares
// the console's pages against. It says nothing about settings or storage, so it needs no session.

export const dynamic = 'force-static';

const BODY = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OK</title></head><body><p>OK</p></body></html>\n';

export function GET(): Response {
  return new Response(BODY, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
