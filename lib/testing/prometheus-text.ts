// Test support: a strict parser of the Prometheus text exposition format (version 0.0.4), so tests
// read /metrics as Prometheus would, not by searching strings. Throws on any line it cannot parse,
// on a sample whose family has no # TYPE, and on a family declared twice.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+-?\\d+)?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case: prom-client writes
// `Nan` (the event-loop lag before its first sample, for one), and Prometheus scrapes it.
function parseValue(text: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels: {${text}}`);
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
  }
  return labels;
}

function familyOf(name: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  if (families.has(name)) return families.get(name);
  const suffix = SUFFIXES.find((each) => name.endsWith(each));
  return suffix ? families.get(name.slice(0, -suffix.length)) : undefined;
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const help = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^#\s+(HELP|TYPE)\s+(\S+)\s?(.*)$/.exec(line);
    if (comment) {
      const [, kind, name = '', rest = ''] = comment;
      if (kind === 'HELP') help.set(name, rest);
      else {
        if (families.has(name)) throw new Error(`family declared twice: ${name}`);
        families.set(name, { name, type: rest as MetricFamily['type'], help: help.get(name) ?? '', samples: [] });
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const family = familyOf(match[1] ?? '', families);
    if (!family) throw new Error(`sample without # TYPE: ${line}`);
    family.samples.push({ name: match[1] ?? '', labels: parseLabels(match[2] ?? ''), value: parseValue(match[3] ?? '') });
  }
  return families;
}

/** The one sample of `name` whose labels include `labels`; throws when there is none or several. */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  const matches = [...families.values()]
    .flatMap((family) => family.samples)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matches.length !== 1) throw new Error(`${matches.length} samples of ${name} ${JSON.stringify(labels)}`);
  return matches[0]?.value ?? Number.NaN;
}
