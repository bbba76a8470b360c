/**
 * Preloaded into a worker with `node --import dist/drills/support/cpu-profile-hook.js` when the burst
 * runs with --cpu-profile: samples the process's CPU with the inspector from start-up until the file
 * `<DRILL_CPU_PROFILE>.stop` appears, then writes the profile to DRILL_CPU_PROFILE (Chrome .cpuprofile
 * format). A file as the trigger, because Nest's shutdown hooks take the signals (SIGUSR2 included).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const target = process.env.DRILL_CPU_PROFILE;

async function profile(path: string): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const timer = setInterval(() => {
    if (!existsSync(`${path}.stop`)) return;
    clearInterval(timer);
    void session
      .post('Profiler.stop')
      .then(({ profile: result }) => writeFileSync(path, JSON.stringify(result)))
      .finally(() => session.disconnect());
  }, 200);
  timer.unref();
}

if (target) void profile(target);
