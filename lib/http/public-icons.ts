// The files in public/ (made by scripts/build-icons.mjs): proxy.ts lets exactly these through without a
// session; next.config.js has browsers cache everything in public/ for a year. The route guard test
// holds this list against the directory, so a file added to public/ is not public until listed here.
export const PUBLIC_ICONS = ['/favicon.ico', '/apple-touch-icon.png'] as const;
