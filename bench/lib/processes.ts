/*
 * Processes a bench watches (Linux /proc): a free port for one it starts,
 * memory and CPU of it, of this process and of the services (Postgres,
 * RabbitMQ), and its log as it grows.
 */
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { progress } from './results';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak RSS) of a process, in MiB; undefined once gone. */
export function memoryOf(
  pid: number,
): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Command name and CPU seconds (user + system) of a /proc/<pid>/stat. */
function readStat(pid: string | number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, in clock ticks (100 a second on Linux).
  return { comm, cpu: (Number(fields[11]) + Number(fields[12])) / 100 };
}

/** CPU seconds of one process; 0 once gone. */
export function cpuOf(pid: number): number {
  try {
    return readStat(pid).cpu;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process named `comm` (e.g. postgres), by pid. */
export function cpuByName(comm: string): Map<string, number> {
  const seconds = new Map<string, number>();
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readStat(pid);
        if (stat.comm === comm) seconds.set(pid, stat.cpu);
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    // Not Linux: nothing but this process is reported.
  }
  return seconds;
}

export type CpuSnapshot = {
  at: number;
  /** This process. */
  own: number;
  /** The process watched (a backend the bench started), when given. */
  pid: number;
  /** Every process of each name watched, by pid. */
  byName: Record<string, Map<string, number>>;
};

/** CPU seconds so far of this process, of `pid` and of the named ones. */
export function cpuSnapshot(
  options: { pid?: number; names?: string[] } = {},
): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    own: (usage.user + usage.system) / 1e6,
    pid: options.pid === undefined ? 0 : cpuOf(options.pid),
    byName: Object.fromEntries(
      (options.names ?? []).map(name => [name, cpuByName(name)]),
    ),
  };
}

/**
 * CPU seconds used between two snapshots. Per process for the named ones,
 * so that processes that come and go (other clients' connections) do not
 * cancel out; a process that has exited reads 0.
 */
export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot) {
  const byName: Record<string, number> = {};
  for (const [name, pids] of Object.entries(after.byName)) {
    byName[name] = 0;
    for (const [pid, cpu] of pids) {
      byName[name] += Math.max(0, cpu - (before.byName[name]?.get(pid) ?? 0));
    }
  }
  return {
    seconds: Math.max((after.at - before.at) / 1000, 0.001),
    own: Math.max(0, after.own - before.own),
    pid: Math.max(0, after.pid - before.pid),
    byName,
  };
}

/**
 * A log line as level and readable text: JSON lines (a production backend)
 * with the `fields` that say where it comes from; others as they are.
 */
export function readLogLine(
  raw: string,
  fields: string[],
): { level?: string; message: string } {
  try {
    const entry = JSON.parse(raw);
    if (entry && typeof entry === 'object' && 'message' in entry) {
      const extra = fields
        .map(field => entry[field])
        .filter(Boolean)
        .join('/');
      return {
        level: entry.level,
        message: `${entry.level} ${extra ? `${extra}: ` : ''}${entry.message}`,
      };
    }
  } catch {
    // Not JSON: a plain line (stderr of node itself, e.g. a V8 fatal error).
  }
  return { message: raw };
}

/** Reads a process's log file as it grows: errors, each line, the last ones. */
export class LogTail {
  private offset = 0;
  private partial = '';
  private readonly lines: string[] = [];
  private errorsShown = 0;

  constructor(
    readonly file: string,
    private readonly onLine: (message: string) => void,
    private readonly fields: string[],
  ) {}

  poll() {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'r');
      const size = fs.fstatSync(fd).size;
      while (this.offset < size) {
        const buffer = Buffer.alloc(Math.min(size - this.offset, 4 << 20));
        const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
        if (read <= 0) break;
        this.offset += read;
        const parts = (
          this.partial + buffer.subarray(0, read).toString('utf8')
        ).split('\n');
        this.partial = parts.pop() ?? '';
        for (const line of parts) this.line(line);
      }
    } catch {
      // Not written yet.
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  private line(raw: string) {
    if (!raw.trim()) return;
    const { level, message } = readLogLine(raw, this.fields);
    this.lines.push(message);
    if (this.lines.length > 40) this.lines.shift();
    if (level === 'error' && this.errorsShown < 20) {
      this.errorsShown += 1;
      progress(`  backend error: ${message.slice(0, 400)}`);
    }
    this.onLine(message);
  }

  tail(): string {
    this.poll();
    return [...this.lines, this.partial].filter(Boolean).join('\n');
  }
}
