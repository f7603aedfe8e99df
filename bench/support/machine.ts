import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpuCores: number;
  memoryGiB: number;
  platform: string;
  nodeVersion: string;
  /** 1-minute load average when the run started: anything else busy on the machine skews the numbers. */
  loadAverage: number;
  /** BENCH_MACHINE_NOTE: what else the machine was doing (other jobs sharing it), printed with the machine. */
  note?: string;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    nodeVersion: process.version,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    ...(process.env.BENCH_MACHINE_NOTE?.trim() && { note: process.env.BENCH_MACHINE_NOTE.trim() }),
  };
}
