import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES } from '@/lib/i18n/routing';
import { ROOT } from './console-server';

// The routes the production build produced, read from its manifests, so a test can visit every one
// and a route added later is covered without anyone listing it.

export interface BuiltRoute {
  /** Route pattern as Next.js names it, e.g. /[locale]/settings/packages */
  pattern: string;
  kind: 'page' | 'route';
  /** Source file under app/, e.g. app/api/settings/packages/route.ts */
  source: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, '.next', file), 'utf8')) as T;
}

export function builtRoutes(): BuiltRoute[] {
  const manifest = readJson<Record<string, string>>('server/app-paths-manifest.json');
  return Object.keys(manifest).map((key) => {
    const kind = key.endsWith('/route') ? 'route' : 'page';
    const pattern = key.replace(/\/(page|route)$/, '') || '/';
    return { pattern, kind, source: `app${key}.${kind === 'route' ? 'ts' : 'tsx'}` };
  });
}

/** The routes-manifest's view, to cross-check the app-paths manifest. */
export function routesManifestPatterns(): string[] {
  const manifest = readJson<{ staticRoutes: { page: string }[]; dynamicRoutes: { page: string }[] }>('routes-manifest.json');
  return [...manifest.staticRoutes, ...manifest.dynamicRoutes].map((route) => route.page);
}

export function serverActionCount(): number {
  const manifest = readJson<{ node: Record<string, unknown>; edge: Record<string, unknown> }>('server/server-reference-manifest.json');
  return Object.keys(manifest.node).length + Object.keys(manifest.edge).length;
}

/** Concrete URLs for a pattern: every locale for [locale], a two-segment path for catch-alls, `x` for other params. */
export function concretePaths(pattern: string): string[] {
  const fill = (locale: string) =>
    pattern
      .replace('[locale]', locale)
      .replace(/\[\[?\.\.\.[^\]]+\]\]?/g, 'some/path')
      .replace(/\[[^\]]+\]/g, 'x');
  return pattern.includes('[locale]') ? LOCALES.map(fill) : [fill('en')];
}
