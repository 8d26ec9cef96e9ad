/**
 * Whether a process with this id runs on this machine: signal 0 checks without sending anything,
 * and EPERM means it runs as another user. (Used to tell a temporary file or a staging folder of a
 * run that is still going from one a killed run left behind.)
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
