import { groupOfUrl, NODE_CORE } from './cpu-profile.js';

// Reads `perf script` output (samples with call chains, JIT frames named through `perf inject --jit`) as "where does
// a request's CPU go", grouped like the V8 profiles (cpu-profile.ts) but with the kernel's time seen for what it is.
// V8's own sampler cannot see inside a system call: on a loaded 2-core VM it put 73.5 % of `GET /health` in the
// response `writev`, where perf counts 23.5 % for the whole system call, kernel TCP included.

export const KERNEL_SOCKET_WRITES =
  'kernel: socket writes (answers, database, Redis; TCP over loopback included)';
export const KERNEL_OTHER = 'kernel: other (reads, epoll, timers, page faults)';
export const GARBAGE_COLLECTION = 'garbage collection';
export const PLAIN_APP = 'the plain app (bench/plain-nest)';
export const NATIVE_ONLY = 'native, no script on the stack (libuv, HTTP parser, V8 runtime)';

const SOCKET_WRITE_FRAME = /writev|StreamBase::Write/;
const GC_FRAME =
  /^v8::internal::(Scavenger|Heap::|MarkCompact|Sweeper|ConcurrentMarking|MinorMarkCompact|IncrementalMarking)/;
/** A JIT frame's symbol, as `perf inject --jit` names it: `JS:*name <url>:<line>:<column>`. */
const SCRIPT_FRAME = /^JS:\S*\s.*?((?:file:\/\/)?\/\S+|node:\S+):\d+:\d+$/;

interface Frame {
  symbol: string;
  dso: string;
}

/** A sample's group: the kernel's time by what entered it, else the nearest script frame that has a group. */
export function groupOfStack(frames: readonly Frame[]): string {
  if (frames.length === 0) return NATIVE_ONLY;
  if (frames[0].dso.startsWith('[kernel')) {
    return frames.some((frame) => SOCKET_WRITE_FRAME.test(frame.symbol))
      ? KERNEL_SOCKET_WRITES
      : KERNEL_OTHER;
  }
  if (frames.slice(0, 8).some((frame) => GC_FRAME.test(frame.symbol))) return GARBAGE_COLLECTION;
  let sawScript = false;
  for (const frame of frames) {
    const url = SCRIPT_FRAME.exec(frame.symbol)?.[1];
    if (!url) continue;
    sawScript = true;
    const group = url.includes('/bench/plain-nest/') ? PLAIN_APP : groupOfUrl(url);
    if (group) return group;
  }
  return sawScript ? NODE_CORE : NATIVE_ONLY;
}

/** Samples per group in `perf script -F comm,tid,ip,sym,dso` output: a header line, then one indented line per frame. */
export function countSamplesByGroup(perfScript: string): Map<string, number> {
  const counts = new Map<string, number>();
  let frames: Frame[] | undefined;
  const flush = () => {
    if (!frames) return;
    const group = groupOfStack(frames);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  };
  for (const line of perfScript.split('\n')) {
    if (line.length === 0) continue;
    if (!/^\s/.test(line)) {
      flush();
      frames = [];
      continue;
    }
    const frame = /^\s*[0-9a-f]+ (.*) \((.*)\)$/.exec(line);
    if (frame && frames) frames.push({ symbol: frame[1], dso: frame[2] });
  }
  flush();
  return counts;
}
