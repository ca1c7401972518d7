export interface BenchRow {
  figure: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

export function reportRows(title: string, rows: BenchRow[]): void;
