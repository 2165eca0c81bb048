/**
 * Worker threads that run from the TypeScript sources (under tsx) and from the build alike.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module at `entry`, given as the `.ts` source beside the caller:
 * `startWorker(new URL('./my-worker.ts', import.meta.url))`. From the sources (this module runs as
 * .ts under tsx) the worker first registers tsx, which a worker does not inherit, then imports the
 * entry; from the build (this module is .js) it loads the built `.js` entry directly.
 */
export function startWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) throw new Error(`startWorker: ${entry.href} is not a .ts module`);
  if (import.meta.url.endsWith('.ts')) {
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const module = JSON.stringify(entry.href);
    return new Worker(`import(${tsx}).then((t) => { t.register(); return import(${module}); });`, {
      ...options,
      eval: true,
    });
  }
  const built = new URL(entry.href);
  built.pathname = `${built.pathname.slice(0, -'.ts'.length)}.js`;
  return new Worker(built, options);
}
