// A problem that stops the emulator from starting, said in one line that names the setting or path and the
// fix. server.ts prints it without a stack trace and exits with code 2.
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Who the process runs as, for messages about permissions (it matters in containers, where it is not root). */
export function runningUser(): string {
  const uid = process.getuid?.();
  return uid === undefined ? 'this user' : `user id ${uid}`;
}
