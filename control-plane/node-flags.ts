/**
 * The node flags `tideway serve` runs with: in `npm start`, the systemd unit of
 * docs/deployment.md, and the test and bench harness (checked to agree by
 * test/control-plane/node-flags.test.ts).
 *
 * A young generation of 64 MiB a semi-space instead of V8's 16: a report's objects (the parsed
 * frame, the batch it waits in, the host's latest sample) live from tens to a few hundred
 * milliseconds. At fleet load a 16 MiB semi-space fills every few tens of milliseconds, so
 * they were promoted and then collected again by full collections. With 64 MiB the same
 * load's ingest capacity rose by about a quarter (docs/performance.md), for up to about
 * 100 MiB more resident memory under load.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
