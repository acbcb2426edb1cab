/**
 * Scheduling as a plugin: loads the track catalog, holiday calendars and global freezes
 * (refusing to start on a bad file), materialises the windows at start, then daily, and
 * soon after anything that can move them. `app.scheduling.recompute(now)` runs one pass.
 */
import fp from 'fastify-plugin';
import { loadFreezes, loadHolidayCalendars, loadTracks, type FreezePeriod, type HolidayCalendars, type Track } from '../../schedules/index.ts';
import { HORIZON_DAYS } from '../scheduling/deps.ts';
import { SchedulingService } from '../scheduling/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    scheduling: SchedulingService;
  }
}

export interface SchedulingPluginOptions {
  /** The catalog; defaults to `schedules/tracks.yaml`. */
  tracks?: readonly Track[];
  calendars?: HolidayCalendars;
  globalFreezes?: readonly FreezePeriod[];
  horizonDays?: number;
  /** How long changes gather before one recompute. */
  debounceMs?: number;
  /** Run the daily recompute timer. */
  timers: boolean;
}

const DAY_MS = 86_400_000;

export default fp<SchedulingPluginOptions>(
  async (app, options) => {
    const service = new SchedulingService(
      {
        store: app.store,
        catalog: options.tracks ?? loadTracks(),
        calendars: options.calendars ?? loadHolidayCalendars(),
        globalFreezes: options.globalFreezes ?? loadFreezes(),
        horizonDays: options.horizonDays ?? HORIZON_DAYS,
        privateCache: new Map(),
      },
      {
        clock: app.clock,
        log: app.log,
        mutesChanged: (now) => app.alertEngine.mutesChanged(now),
        debounceMs: options.debounceMs ?? 500,
      },
    );
    app.decorate('scheduling', service);

    // A new host may belong to a covered tenant: its maintenance periods must list it.
    const knownHosts = new Set(app.store.hosts.list().map((h) => h.id));
    app.fleet.on('host-changed', (host: { id: string }) => {
      if (knownHosts.has(host.id)) return;
      knownHosts.add(host.id);
      service.changed(`host ${host.id} added`);
    });

    app.addHook('onReady', async () => {
      await service.recompute(app.clock(), 'start');
    });
    app.addHook('onClose', async () => service.close());
    if (!options.timers) return;
    const timer = setInterval(() => {
      if (app.cluster.isLeader()) service.changed('daily');
    }, DAY_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'scheduling', dependencies: ['store', 'cluster', 'fleet', 'alerting'] },
);
