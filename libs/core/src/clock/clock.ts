import { Injectable } from '@nestjs/common';

/** The current time, injectable so tests can move it; business logic never calls `new Date()`. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
