import { readFileSync } from 'node:fs';

/** Resident memory of a live process from /proc/<pid>/status, in MB: now (VmRSS) and its peak so far (VmHWM). */
export interface ResidentMemory {
  rssMb: number;
  peakMb: number;
}

export function residentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
