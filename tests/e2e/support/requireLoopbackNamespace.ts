import { networkInterfaces } from 'node:os';

/**
 * Refuses to run the end-to-end suite where test traffic could leave 127.0.0.1: it must run
 * through `npm run test:e2e`, which wraps it in a loopback-only network namespace.
 */
export default function requireLoopbackNamespace(): void {
  const interfaces = Object.keys(networkInterfaces());
  const others = interfaces.filter((name) => name !== 'lo');
  if (others.length > 0) {
    throw new Error(
      `The end-to-end tests must run in a network namespace with only loopback, but this one also has: ${others.join(', ')}.\n` +
        'Run them with: npm run test:e2e',
    );
  }
}
