import { readFileSync } from 'node:fs';

/** CPU seconds a process has used so far (user + system), from /proc; null off Linux. */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The machine's busy and total CPU seconds so far (all cores), from /proc/stat. */
function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3] + (ticks[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

/** CPU used between two readings: by one process, and by the whole machine. */
export class CpuMeter {
  private readonly processStart: number | null;
  private readonly machineStart: { busy: number; total: number } | null;

  constructor(private readonly pid: number | undefined) {
    this.processStart = pid ? processCpuSeconds(pid) : null;
    this.machineStart = machineCpuSeconds();
  }

  read(): {
    processSeconds: number | null;
    machineBusySeconds: number | null;
    machineUtilization: number | null;
  } {
    const processNow = this.pid ? processCpuSeconds(this.pid) : null;
    const machineNow = machineCpuSeconds();
    const busy = machineNow && this.machineStart ? machineNow.busy - this.machineStart.busy : null;
    const total = machineNow && this.machineStart ? machineNow.total - this.machineStart.total : null;
    return {
      processSeconds:
        processNow !== null && this.processStart !== null ? round(processNow - this.processStart) : null,
      machineBusySeconds: busy === null ? null : round(busy),
      machineUtilization: busy !== null && total ? round(busy / total) : null,
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** CPU of the PostgreSQL backends serving one database (the bench's own): they run on this machine. */
export class BackendCpuMeter {
  private start = new Map<number, number>();

  private constructor(private readonly query: () => Promise<number[]>) {}

  static async begin(query: () => Promise<number[]>): Promise<BackendCpuMeter> {
    const meter = new BackendCpuMeter(query);
    for (const pid of await query()) meter.start.set(pid, processCpuSeconds(pid) ?? 0);
    return meter;
  }

  /** Backends that ended meanwhile are not counted; pools keep theirs open, so few do. */
  async seconds(): Promise<number> {
    let total = 0;
    for (const pid of await this.query()) total += (processCpuSeconds(pid) ?? 0) - (this.start.get(pid) ?? 0);
    return round(total);
  }
}
