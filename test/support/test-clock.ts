import { Clock } from '@app/core';

/** Real time moved by an offset: tests jump days ahead while BullMQ's delays stay real and short. */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Moves the clock so that `instant` is `inMs` from now. */
  setSoon(instant: Date, inMs = 0): void {
    this.offsetMs = instant.getTime() - Date.now() - inMs;
  }
}
