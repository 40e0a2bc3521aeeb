import { Injectable } from '@nestjs/common';

/** The current time, injectable so that tests control calling hours and the sweep's ages. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
