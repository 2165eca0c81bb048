/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file/package,
 * with shares of the total, and inclusive (total) time for the functions named with --focus.
 *
 *   node --import tsx bench/lib/profile-summary.ts PROFILE.cpuprofile [--top 30] [--focus name,name]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Line {
  key: string;
  micros: number;
  share: number;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

function fnKey(f: CallFrame): string {
  const name = f.functionName || '(anonymous)';
  const where = shortUrl(f.url);
  return where ? `${name}  ${where}:${f.lineNumber + 1}` : name;
}

function fileKey(f: CallFrame): string {
  const where = shortUrl(f.url);
  if (!where) return f.functionName.startsWith('(') ? f.functionName : '(native/builtin)';
  const m = /^((?:@[^/]+\/)?[^/]+)\//.exec(where);
  return where.includes('/') && !where.startsWith('src/') && !where.startsWith('bench/') && m
    ? `${m[1]} (package)`
    : where;
}

function top(map: Map<string, number>, total: number, n: number): Line[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, micros]) => ({ key, micros, share: micros / total }));
}

export function summarise(
  profile: CpuProfile,
  n = 30,
  focus: string[] = [],
): { total: number; byFunction: Line[]; byFile: Line[]; inclusive: Line[] } {
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let total = 0;
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const k = fnKey(node.callFrame);
    byFn.set(k, (byFn.get(k) ?? 0) + us);
    const f = fileKey(node.callFrame);
    byFile.set(f, (byFile.get(f) ?? 0) + us);
  }
  // Inclusive time of focused functions: self time of their subtrees, not double-counting recursion.
  const inclusive = new Map<string, number>();
  if (focus.length) {
    const walk = (id: number, open: Set<string>) => {
      const node = byId.get(id);
      if (!node) return;
      const name = node.callFrame.functionName;
      const entered = focus.includes(name) && !open.has(name);
      if (entered) open.add(name);
      const us = self.get(id) ?? 0;
      for (const f of open) inclusive.set(f, (inclusive.get(f) ?? 0) + us);
      for (const c of node.children ?? []) walk(c, open);
      if (entered) open.delete(name);
    };
    walk(profile.nodes[0].id, new Set());
  }
  return {
    total,
    byFunction: top(byFn, total, n),
    byFile: top(byFile, total, n),
    inclusive: top(inclusive, total, n),
  };
}

function print(title: string, lines: Line[]): void {
  console.log(`\n${title}`);
  for (const l of lines)
    console.log(
      `${(100 * l.share).toFixed(1).padStart(5)}%  ${(l.micros / 1000).toFixed(0).padStart(7)} ms  ${l.key}`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' }, focus: { type: 'string', default: '' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: profile-summary.ts PROFILE.cpuprofile [--top N] [--focus fnA,fnB]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
  const focus = values.focus ? values.focus.split(',') : [];
  const s = summarise(profile, Number(values.top), focus);
  console.log(`${positionals[0]}: ${(s.total / 1e6).toFixed(2)} s sampled`);
  print('self time by function', s.byFunction);
  print('self time by file / package', s.byFile);
  if (focus.length) print('inclusive time (focus)', s.inclusive);
}
