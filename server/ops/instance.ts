import { hostname } from 'node:os';

/**
 * This process's name among the endpoint's instances, on every log line and in the metrics: the
 * operator's (`--instance-name`), or the host and process ID — unique per machine, and a container's
 * host name is its own.
 */
export function instanceName(given: string | undefined): string {
  return given ?? `${hostname()}:${process.pid}`;
}
